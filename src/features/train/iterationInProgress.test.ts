import { describe, expect, it } from 'vitest';
import { nextInProgress } from './iterationInProgress';

const score = { phase: 'score' as const, iteration: 4, batch: 2, samples: [], rewardMean: 0.3, costMean: -0.2, episodeCost: -0.41 };
const lambda = {
  phase: 'lambda' as const, iteration: 4, rule: 'pid', before: 0.2, after: 0.25, updated: true,
  episodeCost: -0.41, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20,
};

describe('nextInProgress: the numbers of the iteration being stepped phase by phase', () => {
  it('keeps J_C from the score phase through the advantages phase, then adds λ from the λ phase', () => {
    const afterScore = nextInProgress(null, score, 3);
    expect(afterScore).toEqual({ iteration: 4, rewardMean: 0.3, costMean: -0.2, episodeCost: -0.41 });
    const advantages = { phase: 'advantages' as const, iteration: 4 } as Parameters<typeof nextInProgress>[1];
    const afterAdvantages = nextInProgress(afterScore, advantages, 3);
    expect(afterAdvantages?.episodeCost).toBe(-0.41);
    expect(nextInProgress(afterAdvantages, lambda, 3)).toEqual({ iteration: 4, rewardMean: 0.3, costMean: -0.2, episodeCost: -0.41, lambda: 0.25 });
  });

  it('is empty once the iteration’s row has landed, after a reset, and starts over for a new iteration', () => {
    expect(nextInProgress({ iteration: 4, lambda: 0.25 }, lambda, 4)).toBeNull();
    expect(nextInProgress({ iteration: 4, lambda: 0.25 }, null, 3)).toBeNull();
    expect(nextInProgress({ iteration: 3, lambda: 0.1 }, score, 2)).toEqual({ iteration: 4, rewardMean: 0.3, costMean: -0.2, episodeCost: -0.41 });
  });

  it("in a seed group, keeps one member's numbers: the next member's phases start afresh, with its seed", () => {
    const afterScore = nextInProgress(null, { ...score, seed: 7 }, 3);
    expect(afterScore).toEqual({ iteration: 4, seed: 7, rewardMean: 0.3, costMean: -0.2, episodeCost: -0.41 });
    expect(nextInProgress(afterScore, { ...lambda, seed: 7 }, 3)?.lambda).toBe(0.25);
    // Seed 8's rollout: nothing of seed 7 carries over.
    const rollout = { phase: 'rollout' as const, iteration: 4, batch: 2, samples: [], seed: 8 };
    expect(nextInProgress(nextInProgress(afterScore, { ...lambda, seed: 7 }, 3), rollout, 3)).toEqual({ iteration: 4, seed: 8 });
  });
});
