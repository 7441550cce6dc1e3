// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { SLACK_ITERATIONS } from '../../rl/feasibility';
import { constraintStatus } from './constraintStatus';
import { FeasibilityNotice, followFeasibility } from './FeasibilityNotice';

function tableOf(rows: [lambda: number, episodeCost: number, threshold: number][]): MetricTable {
  const table = new MetricTable(['iteration', 'lambda', 'episodeCost', 'threshold']);
  table.append(rows.flatMap((row, i) => [i, ...row]));
  return table;
}

// 128-response window at 32 prompts: iterations from 3 count.
const config = { ...defaultConfig(), episodeCostWindow: 128, promptBatch: 32 };

describe('constraintStatus', () => {
  afterEach(cleanup);

  it('violation from the first full window, each row against its own limit', () => {
    const table = tableOf([[0.2, 9, 0], [0.2, 9, 0], [0.2, 9, 0], [0.3, 0.5, 0], [0.3, -1, 0], [0.3, 0.25, -0.5]]);
    const status = constraintStatus(table, config);
    expect(status.from).toBe(3);
    // Counted: 0.5, −1, 0.75 → overshoot 0.75, 2 of 3 above, Σ 1.25.
    expect(status.violation).toEqual({ maxOvershoot: 0.75, timeAboveLimit: 2 / 3, cumulativeViolation: 1.25, counted: 3 });
    expect(status.feasibility?.status).toBe('ok');
  });

  it('pending (nothing counted) before the window fills or without a table; no verdict for plain PPO', () => {
    expect(constraintStatus(undefined, config).violation.counted).toBe(0);
    expect(constraintStatus(tableOf([[0, 1, 0]]), config).violation.maxOvershoot).toBeNaN();
    expect(constraintStatus(tableOf([[0, 1, 0]]), { ...config, algorithm: 'ppo' }).feasibility).toBeNull();
  });

  it('the notice names a slack limit, and shows nothing while the verdict is ok', () => {
    const slack = tableOf(Array.from({ length: SLACK_ITERATIONS + 3 }, () => [0, 1, 3] as [number, number, number]));
    render(<FeasibilityNotice table={slack} version={1} config={config} />);
    expect(screen.getByTestId('train-feasibility').getAttribute('data-status')).toBe('slack');
    expect(screen.getByTestId('train-feasibility').textContent).toMatch(/looks slack.*plain PPO/);
    cleanup();
    render(<FeasibilityNotice table={tableOf([[0.3, 1, 0]])} version={1} config={config} />);
    expect(screen.queryByTestId('train-feasibility')).toBeNull();
  });

  it("in a seed group, says the verdict is read from the means over the group's seeds", () => {
    const columns = ['iteration', 'lambda', 'episodeCost', 'threshold'];
    const group = new MetricTable([...columns, ...[7, 8].flatMap((seed) => columns.slice(1).map((c) => `${c}_seed${seed}`))]);
    for (let i = 0; i < SLACK_ITERATIONS + 3; i++) group.append([i, 0, 1, 3, 0, 0.9, 3, 0, 1.1, 3]);
    render(<FeasibilityNotice table={group} version={1} config={config} />);
    expect(screen.getByTestId('train-feasibility').textContent).toMatch(/looks slack.*\(J_C and λ here are the means over the group's 2 seeds\.\)$/);
  });

  it('follows a growing table row by row, and starts afresh when the table is cleared', () => {
    const rows = Array.from({ length: SLACK_ITERATIONS + 3 }, () => [0, 1, 3] as [number, number, number]);
    const table = tableOf(rows.slice(0, 10));
    let followed = followFeasibility(null, table, config);
    expect(followed.consumed).toBe(10);
    expect(followed.tracker.status).toBe('ok');
    table.append(rows.slice(10).flatMap((row, i) => [10 + i, ...row]));
    followed = followFeasibility(followed, table, config);
    expect(followed.consumed).toBe(SLACK_ITERATIONS + 3);
    expect(followed.tracker.status).toBe('slack');
    table.clear();
    const fresh = followFeasibility(followed, table, config);
    expect(fresh).not.toBe(followed);
    expect(fresh.tracker.status).toBe('ok');
  });
});
