import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  isFlagged,
  runFilterAndRegenerate,
  type FilterAndRegenerateOptions,
  type Judgement,
  type LoopVerdict,
} from './guardLoop';

const REFUSAL = 'sorry, I cannot help with that.';

/**
 * A fake world: response text "p<i>r<round>:<risk>" carries its own risk in [0, 1]. The guard reports the risk as
 * its unsafe probability; the judge calls a response unsafe (cost +1) when risk > 0.5 and scores the refusal safe.
 */
function fakeWorld(riskOf: (prompt: number, round: number) => number) {
  const calls = { generate: [] as { ids: number[]; round: number }[], moderate: 0, judge: 0 };
  const risk = (text: string) => Number(text.split(':')[1]);
  const options: Pick<FilterAndRegenerateOptions, 'generate' | 'moderate' | 'judge'> = {
    async generate(ids, round) {
      calls.generate.push({ ids: ids.slice(), round });
      return ids.map((i) => `p${i}r${round}:${riskOf(i, round)}`);
    },
    async moderate(ids, responses): Promise<LoopVerdict[]> {
      calls.moderate++;
      return responses.map((r, k) => {
        const p = r === null ? (ids[k] % 4 === 0 ? 0.9 : 0.1) : r === REFUSAL ? 0 : risk(r);
        return {
          unsafeProb: p,
          severity: p > 0.8 ? 'severe' : p > 0.5 ? 'moderate' : p > 0.2 ? 'minor' : 'safe',
        };
      });
    },
    async judge(_ids, responses): Promise<Judgement[]> {
      calls.judge++;
      return responses.map((r) => {
        if (r === REFUSAL) return { reward: -1, cost: -0.5, safeByRule: true };
        const p = risk(r);
        return { reward: 1 + p, cost: p > 0.5 ? 1 : -1, safeByRule: p <= 0.6 };
      });
    },
  };
  return { calls, options };
}

const base = { threshold: 0.5, screenQuery: false, fallback: 'refusal' as const, refusalText: REFUSAL };

describe('isFlagged', () => {
  it('uses the probability alone at minor and adds a severity gate above it', () => {
    expect(isFlagged({ unsafeProb: 0.6, severity: 'safe' }, 0.5, 'minor')).toBe(true);
    expect(isFlagged({ unsafeProb: 0.4, severity: 'severe' }, 0.5, 'minor')).toBe(false);
    expect(isFlagged({ unsafeProb: 0.6, severity: 'minor' }, 0.5, 'moderate')).toBe(false);
    expect(isFlagged({ unsafeProb: 0.6, severity: 'moderate' }, 0.5, 'moderate')).toBe(true);
    expect(isFlagged({ unsafeProb: 0.6, severity: 'moderate' }, 0.5, 'severe')).toBe(false);
    expect(isFlagged({ unsafeProb: 0, severity: 'safe' }, 0, 'minor')).toBe(true);
    expect(isFlagged({ unsafeProb: Number.NaN, severity: 'severe' }, 0.5, 'minor')).toBe(false);
  });
});

describe('runFilterAndRegenerate', () => {
  it('stops after one round when nothing is flagged', async () => {
    const { calls, options } = fakeWorld(() => 0.1);
    const result = await runFilterAndRegenerate({ ...base, ...options, promptCount: 6, maxRounds: 5 });
    expect(result.roundsRun).toBe(1);
    expect(result.stoppedEarly).toBe(true);
    expect(calls.generate).toHaveLength(1);
    expect(result.extraGenerations).toBe(0);
    expect(result.meanRoundsUsed).toBe(1);
    expect(result.after).toEqual(result.before);
    expect(result.rewardChange).toBe(0);
  });

  it('regenerates only flagged prompts and the round counts add up', async () => {
    // Prompt i is risky until round i (prompt 0 never is; prompt 6 and 7 stay risky past 5 rounds).
    const { calls, options } = fakeWorld((i, round) => (round > i ? 0.2 : 0.9));
    const result = await runFilterAndRegenerate({ ...base, ...options, promptCount: 8, maxRounds: 5 });
    expect(calls.generate.map((g) => g.ids.length)).toEqual([8, 7, 6, 5, 4]);
    expect(calls.generate[1]).toEqual({ ids: [1, 2, 3, 4, 5, 6, 7], round: 2 });
    expect(result.rounds.map((r) => r.flagged)).toEqual([7, 6, 5, 4, 3]);
    expect(result.rounds.map((r) => r.regenerated)).toEqual([7, 6, 5, 4, 0]);
    const flagged = result.rounds.reduce((s, r) => s + r.flagged, 0);
    const regenerated = result.rounds.reduce((s, r) => s + r.regenerated, 0);
    expect(flagged).toBe(regenerated + result.fallbacks);
    expect(result.fallbacks).toBe(3); // prompts 5, 6, 7
    expect(result.extraGenerations).toBe(regenerated);
    expect(result.fallbackRate).toBeCloseTo(3 / 8);
    // Rounds used: prompt i accepted in round i + 1 for i ≤ 4; fallbacks used all 5.
    expect(result.perPrompt.map((p) => p.roundsUsed)).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
    expect(result.meanRoundsUsed).toBeCloseTo(30 / 8);
    expect(result.perPrompt.map((p) => p.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'fallback',
      'fallback',
      'fallback',
    ]);
    expect(result.before.safeRateCost).toBeCloseTo(1 / 8);
    expect(result.after.safeRateCost).toBe(1);
    // Per-round rates are "stopped after this round": everything flagged is served the refusal.
    expect(result.rounds.every((r) => r.safeRateCost === 1 && r.stillUnsafeCost === 0)).toBe(true);
    // Helpfulness cost: the judge gives the refusal −1, accepted answers 1.2, the unguarded answers mostly 1.9.
    expect(result.before.meanReward).toBeCloseTo((1.2 + 7 * 1.9) / 8);
    expect(result.after.meanReward).toBeCloseTo((5 * 1.2 + 3 * -1) / 8);
    expect(result.rewardChange).toBeCloseTo(result.after.meanReward - result.before.meanReward);
  });

  it('never lowers the safety rate when the guard flags everything (threshold 0, refusal fallback)', async () => {
    for (let trial = 0; trial < 25; trial++) {
      const rng = seedrandom.alea(`trial-${trial}`);
      const risks = new Map<string, number>();
      const { options } = fakeWorld((i, round) => {
        const key = `${i}:${round}`;
        if (!risks.has(key)) risks.set(key, Math.round(rng() * 100) / 100);
        return risks.get(key)!;
      });
      const promptCount = 1 + Math.floor(rng() * 12);
      const maxRounds = 1 + Math.floor(rng() * 5);
      const screenQuery = rng() < 0.5;
      const result = await runFilterAndRegenerate({
        ...base,
        ...options,
        threshold: 0,
        promptCount,
        maxRounds,
        screenQuery,
      });
      // Everything is flagged, so every prompt ends on the refusal, which the judge scores as safe.
      expect(result.after.safeRateCost).toBe(1);
      expect(result.after.safeRateRule).toBe(1);
      expect(result.after.safeRateCost).toBeGreaterThanOrEqual(result.before.safeRateCost);
      expect(result.after.safeRateRule).toBeGreaterThanOrEqual(result.before.safeRateRule);
      expect(result.fallbacks + result.queryScreenRefusals).toBe(promptCount);
      for (const round of result.rounds)
        expect(round.safeRateCost).toBeGreaterThanOrEqual(result.before.safeRateCost);
    }
  });

  it('the lowest-risk fallback serves the least risky candidate; it can be judged unsafe', async () => {
    const risk = [[0.9, 0.7, 0.95]];
    const { options } = fakeWorld((i, round) => risk[i][round - 1]);
    const result = await runFilterAndRegenerate({
      ...base,
      ...options,
      fallback: 'lowest-risk',
      promptCount: 1,
      maxRounds: 3,
    });
    expect(result.fallbacks).toBe(1);
    expect(result.perPrompt[0].final.text).toBe('p0r2:0.7');
    expect(result.perPrompt[0].final.safeByCost).toBe(false);
    expect(result.perPrompt[0].final.safeByRule).toBe(false);
    expect(result.after.safeRateCost).toBe(0);
  });

  it('screens queries first: flagged questions get the refusal with no regeneration', async () => {
    const { calls, options } = fakeWorld((i, round) => (i === 1 && round === 1 ? 0.9 : 0.1));
    const result = await runFilterAndRegenerate({
      ...base,
      ...options,
      screenQuery: true,
      promptCount: 8,
      maxRounds: 5,
    });
    // Prompts 0 and 4 have risky queries (id % 4 === 0) and are refused without serving a generation.
    expect(result.queryScreenRefusals).toBe(2);
    expect(result.perPrompt[0].outcome).toBe('screened');
    expect(result.perPrompt[0].roundsUsed).toBe(0);
    expect(result.perPrompt[0].final.text).toBe(REFUSAL);
    expect(result.perPrompt[0].queryUnsafeProb).toBeCloseTo(0.9);
    // Round 1 still samples every prompt (the unguarded baseline); only prompt 1 is regenerated.
    expect(calls.generate.map((g) => g.ids)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [1]]);
    expect(result.extraGenerations).toBe(1);
    expect(result.meanRoundsUsed).toBeCloseTo((1 + 2 + 1 + 1 + 1 + 1) / 6);
    expect(result.fallbacks).toBe(0);
  });

  it('a severity gate lets lower-severity flags through', async () => {
    const { options } = fakeWorld((i) => (i === 0 ? 0.6 : 0.9)); // 0.6 → moderate, 0.9 → severe
    const result = await runFilterAndRegenerate({
      ...base,
      ...options,
      flagAtSeverity: 'severe',
      promptCount: 2,
      maxRounds: 2,
    });
    expect(result.perPrompt.map((p) => p.outcome)).toEqual(['accepted', 'fallback']);
  });

  it('stops on cancel and reports it; rejects bad options and mismatched callbacks', async () => {
    const { options } = fakeWorld(() => 0.9);
    const result = await runFilterAndRegenerate({
      ...base,
      ...options,
      promptCount: 3,
      maxRounds: 5,
      onRound: (stats) => stats.round < 2,
    });
    expect(result.cancelled).toBe(true);
    expect(result.roundsRun).toBe(2);
    await expect(runFilterAndRegenerate({ ...base, ...options, promptCount: 0 })).rejects.toThrow(
      /at least one prompt/,
    );
    await expect(
      runFilterAndRegenerate({ ...base, ...options, promptCount: 2, threshold: 2 }),
    ).rejects.toThrow(/Threshold/);
    await expect(
      runFilterAndRegenerate({ ...base, ...options, promptCount: 2, generate: async () => ['only one'] }),
    ).rejects.toThrow(/generate returned 1 results for 2 inputs/);
  });
});
