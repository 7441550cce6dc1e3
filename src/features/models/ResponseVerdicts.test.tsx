// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelsStatus, RecordScores } from '../../models/types';

const SCORES: RecordScores = {
  reward: [0.5, 1.5],
  cost: [2.1, -1.2],
  guard: [
    { unsafeProb: 0.9, severity: 'moderate', severityProbs: [0.1, 0.2, 0.6, 0.1], topCategories: [{ category: 'animal_abuse', prob: 0.8 }] },
    { unsafeProb: 0.8, severity: 'minor', severityProbs: [0.2, 0.6, 0.1, 0.1], topCategories: [{ category: 'animal_abuse', prob: 0.7 }] },
  ],
  labels: [
    { isSafe: false, moreHelpful: false, safer: false },
    { isSafe: true, moreHelpful: true, safer: true },
  ],
};
const STATUS: ModelsStatus = { reward: null, cost: null, guard: null, vocabularySize: 10, training: null };
const scoreRecord = vi.fn(async () => SCORES);

vi.mock('../../worker/client', () => ({
  trainer: () => ({ scoreRecord, modelsStatus: async () => STATUS }),
}));

const { ResponseVerdicts } = await import('./ResponseVerdicts');

describe('ResponseVerdicts', () => {
  afterEach(cleanup);

  it('shows reward, cost sign and guard verdict, highlights disagreements, and scores a record once', async () => {
    render(
      <>
        <ResponseVerdicts recordId="r:1" responseIndex={0} />
        <ResponseVerdicts recordId="r:1" responseIndex={1} />
      </>,
    );
    const first = await screen.findByTestId('verdicts-0');
    const second = await screen.findByTestId('verdicts-1');
    expect(first.textContent).toContain('Cost 2.10 → unsafe');
    expect(first.textContent).toContain('ranked less helpful');
    expect(first.querySelectorAll('.disagree')).toHaveLength(0);
    // Response 2 is labelled safe but the guard says 80% unsafe: only the guard line disagrees.
    expect(second.textContent).toContain('Cost -1.20 → safe');
    const disagreements = second.querySelectorAll('.disagree');
    expect(disagreements).toHaveLength(1);
    expect(disagreements[0].textContent).toContain('Guard: 80% unsafe');
    expect(disagreements[0].textContent).toContain('(label: safe)');
    expect(scoreRecord.mock.calls.length).toBeLessThanOrEqual(2);
    // A flagged response names its top category by its display name.
    expect(first.textContent).toContain('Guard: 90% unsafe → unsafe, severity moderate, top category animal abuse (80%)');
  });

  it('gives a safe guard verdict no "top category"', async () => {
    SCORES.guard[1] = { ...SCORES.guard[1], unsafeProb: 0.2 };
    render(<ResponseVerdicts recordId="r:2" responseIndex={1} />);
    const verdicts = await screen.findByTestId('verdicts-1');
    expect(verdicts.textContent).toContain('Guard: 20% unsafe → safe');
    expect(verdicts.textContent).not.toContain('top category');
  });
});
