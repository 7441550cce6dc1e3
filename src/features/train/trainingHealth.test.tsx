// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { TrainingHealthNotice } from './TrainingHealthNotice';
import { KL_PER_TOKEN_LIMIT, LAMBDA_CAP_ITERATIONS, trainingHealth } from './trainingHealth';

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
