// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { TrainingHealthNotice } from './TrainingHealthNotice';
import { COLLAPSE_ITERATIONS, KL_PER_TOKEN_LIMIT, LAMBDA_CAP_ITERATIONS, trainingHealth } from './trainingHealth';

function tableOf(rows: { lambda: number; kl: number; responseLength: number }[]): MetricTable {
  const table = new MetricTable(['iteration', 'lambda', 'kl', 'responseLength']);
  table.append(rows.flatMap((row, i) => [i, row.lambda, row.kl, row.responseLength]));
  return table;
}

const extreme = { ...defaultConfig(), lambdaMax: 1000, klCoeff: 0, threshold: -0.5 };

describe('training health', () => {
  afterEach(cleanup);

  it('warns when λ sits at its cap for the last iterations, naming the cap and the threshold', () => {
    const pinned = tableOf(Array.from({ length: 12 }, (_, i) => ({ lambda: i < 2 ? 500 : 1000, kl: 1, responseLength: 20 })));
    const warnings = trainingHealth(pinned, extreme);
    expect(warnings.map((w) => w.id)).toEqual(['lambda-cap']);
    expect(warnings[0].message).toContain('λ_max = 1,000 for the last 10 iterations');
    expect(warnings[0].message).toContain('threshold -0.5');
    // a few iterations at the cap (as a default run shows) are not a collapse
    const blip = tableOf(Array.from({ length: 12 }, (_, i) => ({ lambda: i < 12 - (LAMBDA_CAP_ITERATIONS - 1) ? 5 : 1000, kl: 1, responseLength: 20 })));
    expect(trainingHealth(blip, extreme)).toEqual([]);
    // λ is fixed, not capped, for reward shaping
    expect(trainingHealth(pinned, { ...extreme, algorithm: 'reward-shaping' })).toEqual([]);
  });

  it('warns when KL per token passes the bound, with per-token and per-response values and β', () => {
    const collapsed = tableOf([{ lambda: 1, kl: 4384, responseLength: 24 }]);
    const warnings = trainingHealth(collapsed, extreme);
    expect(warnings.map((w) => w.id)).toEqual(['kl-per-token']);
    expect(warnings[0].message).toContain('182.7 nats per token (4,384 per response)');
    expect(warnings[0].message).toContain('β (now 0)');
    const healthy = tableOf([{ lambda: 1, kl: 13, responseLength: 24 }]);
    expect(trainingHealth(healthy, extreme)).toEqual([]);
    expect(trainingHealth(tableOf([{ lambda: 1, kl: KL_PER_TOKEN_LIMIT * 10, responseLength: 10 }]), extreme)).toEqual([]);
    expect(trainingHealth(undefined, extreme)).toEqual([]);
  });

  it('shows the warnings as a visible notice in the Train area', () => {
    const table = tableOf(Array.from({ length: 10 }, () => ({ lambda: 1000, kl: 4384, responseLength: 24 })));
    render(<TrainingHealthNotice table={table} config={extreme} />);
    expect(screen.getByTestId('train-health-lambda-cap').textContent).toContain('λ has sat at its cap');
    expect(screen.getByTestId('train-health-kl-per-token').textContent).toContain('nats per token');
    cleanup();
    const { container } = render(<TrainingHealthNotice table={tableOf([{ lambda: 1, kl: 1, responseLength: 20 }])} config={extreme} />);
    expect(container.textContent).toBe('');
  });
});

describe('training health: mode collapse', () => {
  const collapseColumns = ['iteration', 'lambda', 'kl', 'responseLength', 'distinctOpenings', 'truncationRate', 'klPerToken'];
  function collapseTable(rows: number, row: { distinct: number; truncated: number; klPerToken: number }): MetricTable {
    const table = new MetricTable(collapseColumns);
    for (let i = 0; i < rows; i++) table.append([i, 0.1, row.klPerToken * 20, 20, row.distinct, row.truncated, row.klPerToken]);
    return table;
  }
  const preset = { ...defaultConfig(), lambdaRule: 'upstream' as const, klCoeff: 0.02 };

  it('names collapse with the distinct openings, truncation and KL per token it saw (issue 21: 7%, 27%, 0.77)', () => {
    const warnings = trainingHealth(collapseTable(12, { distinct: 0.07, truncated: 0.27, klPerToken: 0.77 }), preset);
    expect(warnings.map((w) => w.id)).toEqual(['mode-collapse']);
    expect(warnings[0].message).toContain('only 7% of responses');
    expect(warnings[0].message).toContain('27% are cut off');
    expect(warnings[0].message).toContain('0.77 nats per token');
    expect(warnings[0].message).toContain('upstream λ rule with β 0.02');
  });

  it('stays quiet for a healthy run, a narrow but short and close one, and too few rows', () => {
    expect(trainingHealth(collapseTable(12, { distinct: 0.75, truncated: 0.03, klPerToken: 0.09 }), preset)).toEqual([]);
    expect(trainingHealth(collapseTable(12, { distinct: 0.2, truncated: 0.05, klPerToken: 0.1 }), preset)).toEqual([]);
    expect(trainingHealth(collapseTable(COLLAPSE_ITERATIONS - 1, { distinct: 0.07, truncated: 0.5, klPerToken: 0.8 }), preset)).toEqual([]);
  });

  it('counts a drift from SFT alone (no truncation) as collapse when openings are few', () => {
    const warnings = trainingHealth(collapseTable(10, { distinct: 0.2, truncated: 0.11, klPerToken: 0.41 }), { ...defaultConfig(), klCoeff: 0.05 });
    expect(warnings.map((w) => w.id)).toEqual(['mode-collapse']);
    expect(warnings[0].message).toContain('Raise the KL coefficient β (now 0.05)');
  });

  it("in a seed group, says the warnings read the means over the group's seeds", () => {
    const columns = ['iteration', 'lambda', 'kl', 'responseLength'];
    const group = new MetricTable([...columns, ...[3, 4].flatMap((seed) => columns.slice(1).map((c) => `${c}_seed${seed}`))]);
    group.append([0, 1, 4384, 24, 1, 4000, 24, 1, 4768, 24]);
    render(<TrainingHealthNotice table={group} config={extreme} />);
    expect(screen.getByTestId('train-health').textContent).toMatch(/^Read from the means over the group's 2 seeds\./);
    expect(screen.getByTestId('train-health-kl-per-token')).not.toBeNull();
  });
});
