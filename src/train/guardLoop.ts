/**
 * Filter and regenerate: the playground's guard loop, a design inspired by Beaver-Guard-V (docs/algorithm.md §13; the
 * real guard's code, prompt and loop termination are unpublished). Pure: generation, moderation and judging are
 * injected, so it runs the same in the worker and in unit tests.
 *
 *   optional: screen (image, question) alone; flagged ⇒ the fixed refusal, no generation
 *   for round r = 1..maxRounds:
 *     generate a fresh response for every prompt still open
 *     moderate it; not flagged ⇒ accept it (rounds used = r)
 *     if nothing was flagged: stop early
 *   still flagged after maxRounds ⇒ fallback: the fixed refusal, or the candidate with the lowest guard risk
 *
 * Flag rule: unsafeProb ≥ threshold, and, for flagAtSeverity 'moderate' or 'severe', the guard's predicted severity
 * level is at least that level too. 'minor' (the lowest unsafe level) therefore means "unsafe probability alone".
 *
 * Judging: the first generation of every prompt is the unguarded policy's output ("before"); the final outputs are
 * "after". Both are scored by the injected judge: reward (helpfulness), cost (safe ⇔ C ≤ 0, the Safe RLHF arena
 * rule) and a second, dataset-style verdict supplied by the judge. The loop trusts the judge; in particular the
 * safety rate after ≥ before at threshold 0 holds only if the judge scores the fallback refusal as safe (the
 * dataset's rubric rates a bare refusal harmless 0, i.e. safe).
 *
 * Per-round safety rates are "the outcome had the loop been stopped after round r" (accepted responses, the fallback
 * for those still flagged), so round r's rate equals the final rate of a run with maxRounds = r.
 */
import { SEVERITY_LEVELS, type SeverityLevel } from '../data/record';

export const FLAG_SEVERITIES = ['minor', 'moderate', 'severe'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];
export const FALLBACKS = ['refusal', 'lowest-risk'] as const;
export type Fallback = (typeof FALLBACKS)[number];

/** The part of a guard verdict the loop needs. */
export interface LoopVerdict {
  unsafeProb: number;
  severity: SeverityLevel;
}

export interface Judgement {
  reward: number;
  cost: number;
  /** The second judge's verdict (the worker uses the dataset's is_safe rule; see guardHandlers). */
  safeByRule: boolean;
}

export interface FilterAndRegenerateOptions {
  /** Number of prompts; prompts are referred to by index 0..promptCount−1. */
  promptCount: number;
  maxRounds?: number;
  threshold: number;
  flagAtSeverity?: FlagSeverity;
  screenQuery: boolean;
  fallback: Fallback;
  /** The fixed refusal used for query-screen refusals and the 'refusal' fallback. */
  refusalText: string;
  /** One fresh response per listed prompt for this round (1-based); deterministic per (prompt, round). */
  generate(promptIdx: number[], round: number): Promise<string[]>;
  /** Guard verdicts, one per (prompt, response); response null = screen the query alone. */
  moderate(promptIdx: number[], responses: (string | null)[]): Promise<LoopVerdict[]>;
  judge(promptIdx: number[], responses: string[]): Promise<Judgement[]>;
  /** Called after each round (progress); return false to cancel (the result so far is returned, `cancelled`). */
  onRound?(stats: RoundStats, roundsPlanned: number): boolean | void;
}

export interface RoundStats {
  round: number;
  /** Responses the guard flagged this round (among prompts still open). */
  flagged: number;
  /** Flagged responses that get a fresh generation next round (0 in the last round). */
  regenerated: number;
  /** Flagged in the last round: these take the fallback. */
  fallbacks: number;
  /** Outputs judged unsafe if the loop stopped after this round, by each judge. */
  stillUnsafeCost: number;
  stillUnsafeRule: number;
  safeRateCost: number;
  safeRateRule: number;
  meanReward: number;
}

export interface OutputJudgement {
  text: string;
  reward: number;
  cost: number;
  safeByCost: boolean;
  safeByRule: boolean;
  guardUnsafeProb: number | null;
}

export type PromptOutcome = 'accepted' | 'fallback' | 'screened';

export interface PromptResult {
  promptIdx: number;
  outcome: PromptOutcome;
  /** Generations used by the guarded system: 0 when screened, maxRounds for a fallback. */
  roundsUsed: number;
  before: OutputJudgement;
  final: OutputJudgement;
  queryUnsafeProb: number | null;
}

export interface OutputSummary {
  safeRateCost: number;
  safeRateRule: number;
  meanReward: number;
  meanCost: number;
}

export interface FilterAndRegenerateResult {
  prompts: number;
  maxRounds: number;
  roundsRun: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  before: OutputSummary;
  after: OutputSummary;
  /** Mean reward after − before: the helpfulness price of moderation (not the cost model C) (negative = less helpful). */
  rewardChange: number;
  /** Generations beyond the one per prompt an unguarded policy makes. */
  extraGenerations: number;
  fallbacks: number;
  fallbackRate: number;
  /** Mean generations used over prompts that were not screened out. */
  meanRoundsUsed: number;
  queryScreenRefusals: number;
  rounds: RoundStats[];
  perPrompt: PromptResult[];
}

export function severityRank(level: SeverityLevel): number {
  return SEVERITY_LEVELS.indexOf(level);
}

/** flagged ⇔ unsafeProb ≥ threshold ∧ severity ≥ flagAtSeverity (for 'minor': the probability alone). */
export function isFlagged(
  verdict: LoopVerdict,
  threshold: number,
  flagAtSeverity: FlagSeverity = 'minor',
): boolean {
  if (!(verdict.unsafeProb >= threshold)) return false;
  if (flagAtSeverity === 'minor') return true;
  return severityRank(verdict.severity) >= severityRank(flagAtSeverity);
}

interface Candidate {
  text: string;
  verdict: LoopVerdict;
  judgement: Judgement;
}

function toOutput(text: string, judgement: Judgement, guardUnsafeProb: number | null): OutputJudgement {
  return {
    text,
    reward: judgement.reward,
    cost: judgement.cost,
    safeByCost: judgement.cost <= 0,
    safeByRule: judgement.safeByRule,
    guardUnsafeProb,
  };
}

function summarise(outputs: OutputJudgement[]): OutputSummary {
  const n = Math.max(outputs.length, 1);
  let safeCost = 0;
  let safeRule = 0;
  let reward = 0;
  let cost = 0;
  for (const o of outputs) {
    if (o.safeByCost) safeCost++;
    if (o.safeByRule) safeRule++;
    reward += o.reward;
    cost += o.cost;
  }
  return {
    safeRateCost: safeCost / n,
    safeRateRule: safeRule / n,
    meanReward: reward / n,
    meanCost: cost / n,
  };
}

function lowestRisk(candidates: Candidate[]): Candidate {
  let best = candidates[0];
  for (const c of candidates) if (c.verdict.unsafeProb < best.verdict.unsafeProb) best = c;
  return best;
}

function checkLength(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${what} returned ${got} results for ${want} inputs`);
}

export async function runFilterAndRegenerate(
  options: FilterAndRegenerateOptions,
): Promise<FilterAndRegenerateResult> {
  const { promptCount, threshold, screenQuery, fallback, refusalText } = options;
  const maxRounds = options.maxRounds ?? 5;
  const flagAt = options.flagAtSeverity ?? 'minor';
  if (!Number.isInteger(promptCount) || promptCount < 1)
    throw new Error(`Need at least one prompt (got ${promptCount}).`);
  if (!Number.isInteger(maxRounds) || maxRounds < 1)
    throw new Error(`Rounds must be a whole number ≥ 1 (got ${maxRounds}).`);
  if (!(threshold >= 0 && threshold <= 1))
    throw new Error(`Threshold must lie in [0, 1] (got ${threshold}).`);

  const all = Array.from({ length: promptCount }, (_, i) => i);

  // The refusal is judged once per prompt (the judge may depend on the image and question).
  let refusalJudgements: Promise<Judgement[]> | null = null;
  const refusalFor = async (idx: number): Promise<Judgement> => {
    refusalJudgements ??= options
      .judge(
        all,
        all.map(() => refusalText),
      )
      .then((judged) => {
        checkLength('judge', judged.length, promptCount);
        return judged;
      });
    return (await refusalJudgements)[idx];
  };

  // Optional input-side screening: the same check on (image, question) before generation.
  const queryProb: (number | null)[] = all.map(() => null);
  const screened = new Set<number>();
  if (screenQuery) {
    const verdicts = await options.moderate(
      all,
      all.map(() => null),
    );
    checkLength('moderate', verdicts.length, promptCount);
    verdicts.forEach((v, i) => {
      queryProb[i] = v.unsafeProb;
      if (isFlagged(v, threshold, flagAt)) screened.add(i);
    });
  }

  const candidates: Candidate[][] = all.map(() => []);
  const accepted = new Map<number, { candidate: Candidate; round: number }>();
  const rounds: RoundStats[] = [];
  let open = all.slice();
  let extraGenerations = 0;
  let stoppedEarly = false;
  let cancelled = false;

  // The output served for a prompt if the loop stopped now.
  const currentOutput = async (idx: number): Promise<OutputJudgement> => {
    if (screened.has(idx)) return toOutput(refusalText, await refusalFor(idx), null);
    const hit = accepted.get(idx);
    if (hit) return toOutput(hit.candidate.text, hit.candidate.judgement, hit.candidate.verdict.unsafeProb);
    if (fallback === 'refusal') return toOutput(refusalText, await refusalFor(idx), null);
    const best = lowestRisk(candidates[idx]);
    return toOutput(best.text, best.judgement, best.verdict.unsafeProb);
  };

  for (let round = 1; round <= maxRounds; round++) {
    // Round 1 generates for every prompt: screened prompts' responses are the unguarded baseline only.
    const ids = open;
    const texts = await options.generate(ids, round);
    checkLength('generate', texts.length, ids.length);
    if (round > 1) extraGenerations += ids.length;
    const [verdicts, judgements] = await Promise.all([
      options.moderate(ids, texts),
      options.judge(ids, texts),
    ]);
    checkLength('moderate', verdicts.length, ids.length);
    checkLength('judge', judgements.length, ids.length);

    const next: number[] = [];
    let flagged = 0;
    ids.forEach((idx, k) => {
      const candidate = { text: texts[k], verdict: verdicts[k], judgement: judgements[k] };
      candidates[idx].push(candidate);
      if (screened.has(idx)) return; // never served: the refusal stands
      if (isFlagged(candidate.verdict, threshold, flagAt)) {
        flagged++;
        next.push(idx);
      } else {
        accepted.set(idx, { candidate, round });
      }
    });
    const last = round === maxRounds || flagged === 0;
    const outputs = await Promise.all(all.map((idx) => currentOutput(idx)));
    const summary = summarise(outputs);
    const stats: RoundStats = {
      round,
      flagged,
      regenerated: round < maxRounds ? flagged : 0,
      fallbacks: round === maxRounds ? flagged : 0,
      stillUnsafeCost: outputs.filter((o) => !o.safeByCost).length,
      stillUnsafeRule: outputs.filter((o) => !o.safeByRule).length,
      safeRateCost: summary.safeRateCost,
      safeRateRule: summary.safeRateRule,
      meanReward: summary.meanReward,
    };
    rounds.push(stats);
    if (options.onRound?.(stats, maxRounds) === false && !last) {
      cancelled = true;
      break;
    }
    open = next;
    if (flagged === 0) {
      stoppedEarly = round < maxRounds;
      break;
    }
  }

  const perPrompt: PromptResult[] = [];
  let fallbacks = 0;
  let roundsUsedSum = 0;
  for (const idx of all) {
    const first = candidates[idx][0];
    const before = toOutput(first.text, first.judgement, first.verdict.unsafeProb);
    const final = await currentOutput(idx);
    let outcome: PromptOutcome;
    let roundsUsed: number;
    if (screened.has(idx)) {
      outcome = 'screened';
      roundsUsed = 0;
    } else if (accepted.has(idx)) {
      outcome = 'accepted';
      roundsUsed = accepted.get(idx)!.round;
    } else {
      outcome = 'fallback';
      roundsUsed = candidates[idx].length;
      fallbacks++;
    }
    roundsUsedSum += roundsUsed;
    perPrompt.push({ promptIdx: idx, outcome, roundsUsed, before, final, queryUnsafeProb: queryProb[idx] });
  }

  const before = summarise(perPrompt.map((p) => p.before));
  const after = summarise(perPrompt.map((p) => p.final));
  const generatedPrompts = promptCount - screened.size;
  return {
    prompts: promptCount,
    maxRounds,
    roundsRun: rounds.length,
    stoppedEarly,
    cancelled,
    before,
    after,
    rewardChange: after.meanReward - before.meanReward,
    extraGenerations,
    fallbacks,
    fallbackRate: fallbacks / promptCount,
    meanRoundsUsed: generatedPrompts > 0 ? roundsUsedSum / generatedPrompts : 0,
    queryScreenRefusals: screened.size,
    rounds,
    perPrompt,
  };
}
