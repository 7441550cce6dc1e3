// Guard moderation in the worker: interactive moderation of a loaded sample or a typed question, the
// filter-and-regenerate loop (a design inspired by Beaver-Guard-V, docs/algorithm.md §13) and batch moderation of a split.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { HARM_CATEGORIES, SEVERITY_LEVELS, type SampleRecord } from '../data/record';
import { coverage, type Coverage } from '../data/coverage';
import { preprocessImage } from '../data/image';
import { isRefusal, type Vocabulary } from '../data/tokenizer';
import type { GuardModel } from '../models/guardModel';
import type { Policy } from '../models/policy';
import { endScores, maskFromLengths } from '../models/scoreModel';
import type { ModelSizes } from '../models/sizes';
import type { GuardVerdict } from '../models/types';
import {
  isFlagged,
  runFilterAndRegenerate,
  type Fallback,
  type FilterAndRegenerateResult,
  type FlagSeverity,
  type Judgement,
} from '../train/guardLoop';
import { classificationReport, type ClassificationReport, type FlaggedRow } from '../train/moderationMetrics';
import { emitStatus, yieldToEventLoop } from './context';
import { dataStore } from './dataStore';
import { ensurePretrained, getGuardModel, getScoreModel, getSizes, getVocabulary } from './modelStore';
import { getPolicy, loadShippedPolicy, setSftPolicy } from './ppoStore';
import { errorText } from '../util/errorText';

/** The fixed refusal served when a query is screened out or every round stays flagged (fallback 'refusal'). */
export const REFUSAL_TEXT = 'Sorry, I cannot help with that.';

/** The dataset-style rule's cut on the guard's unsafe head: is_safe is a yes/no label, so 0.5. */
const RULE_CUT = 0.5;

export interface ModeratedItem {
  /** null: the question alone (input-side screening). */
  text: string | null;
  verdict: GuardVerdict;
  flagged: boolean;
  /** The dataset's own labels for this response, when it comes from a loaded sample. */
  label: { isSafe: boolean; harmlessRate?: number; helpfulRate?: number } | null;
  /** Words of the judged text (the response; the question for the question alone) the guard read and knew. */
  coverage: Coverage;
  /** The cost model's end score C of the response (> 0: unsafe by its sign); null for the question alone. */
  cost: number | null;
}

export interface SampleModeration {
  recordId: string | null;
  question: string;
  threshold: number;
  /** Dataset labels of the sample (null for a typed question). */
  dataset: { category: string; imageSeverity: number; split: string } | null;
  query: ModeratedItem;
  responses: ModeratedItem[];
  /** How the image was obtained, e.g. that a blank image stood in for a missing one. */
  imageNote: string | null;
}

export interface CustomModerationInput {
  question: string;
  imageBytes?: Uint8Array;
  responses?: string[];
}

export type PolicyChoice = 'sft' | 'current';

export interface ModerationRunOptions {
  policy: PolicyChoice;
  prompts: number;
  maxRounds: number;
  threshold: number;
  flagAtSeverity: FlagSeverity;
  screenQuery: boolean;
  fallback: Fallback;
  seed: number;
  temperature: number;
  topP: number;
}

export interface ModerationRunResult extends FilterAndRegenerateResult {
  options: ModerationRunOptions;
  /** Per prompt (same order as perPrompt): the held-out record it came from. */
  promptRecords: { recordId: string; question: string; category: string }[];
  refusalText: string;
  /** The cost model's own mean score of the fixed refusal (the safety judges' view of it). */
  refusalCost: number;
  ms: number;
}

export type BatchSplit = 'train' | 'evaluation' | 'all';

export interface BatchModerationRequest {
  split: BatchSplit;
  threshold: number;
  /** Samples per guard call (each gives 1 + responses rows); cancel takes effect between chunks. */
  chunkSize?: number;
}

export interface BatchModerationResult {
  split: BatchSplit;
  threshold: number;
  records: number;
  responses: number;
  cancelled: boolean;
  /** Response level: dataset is_safe vs flagged (unsafeProb ≥ threshold). Classes [safe, unsafe]. */
  unsafe: ClassificationReport;
  /** Dataset severity level of each response (see responseSeverityLabel) vs the guard's severity. */
  severity: ClassificationReport;
  /** Dataset category vs the guard's top category. */
  category: ClassificationReport;
  /** Question-only screening: flagged vs (image_severity ≥ 2 or a response labelled unsafe). Classes [safe, unsafe]. */
  query: ClassificationReport;
  flagged: FlaggedRow[];
  /** Samples whose image could not be read or decoded: moderated with a blank image. */
  imageFailures: number;
  ms: number;
}

let cancelRequested = false;
let busy: string | null = null;

async function exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (busy) throw new Error(`The guard is busy with ${busy}; wait for it to finish or cancel it first.`);
  busy = name;
  cancelRequested = false;
  try {
    return await work();
  } finally {
    busy = null;
  }
}

interface GuardContext {
  guard: GuardModel;
  vocab: Vocabulary;
  sizes: ModelSizes;
}

async function guardContext(): Promise<GuardContext> {
  await ensurePretrained();
  const guard = getGuardModel();
  if (!guard) {
    throw new Error(
      'No guard model is available: train one in "Reward & Cost models" or load the pretrained weights there.',
    );
  }
  return { guard, vocab: getVocabulary(), sizes: getSizes() };
}

/** Token ids and lengths (real tokens incl. EOS) of responses; null = question alone (length 0). */
function encodeResponses(vocab: Vocabulary, sizes: ModelSizes, responses: (string | null)[]) {
  const t = sizes.maxResponseTokens;
  const tokens = new Int32Array(responses.length * t);
  const lengths = new Int32Array(responses.length);
  responses.forEach((text, i) => {
    if (text === null) return;
    const ids = vocab.encode(text, t, { eos: true });
    tokens.set(ids, i * t);
    let n = 0;
    while (n < t && ids[n] !== 0) n++;
    lengths[i] = n;
  });
  return { tokens, lengths };
}

/**
 * Guard verdicts for rows that share prompt data: `images` [n·S·S·3] and `questions` [n·Q] hold one prompt per row
 * already (callers repeat a prompt for several responses).
 */
async function predictRows(
  ctx: GuardContext,
  images: Float32Array,
  questions: Int32Array,
  responses: (string | null)[],
): Promise<GuardVerdict[]> {
  const { sizes } = ctx;
  const n = responses.length;
  const { tokens, lengths } = encodeResponses(ctx.vocab, sizes, responses);
  const s = sizes.imageSize;
  const inputs = [
    tf.tensor4d(images, [n, s, s, 3]),
    tf.tensor2d(questions, [n, sizes.maxQuestionTokens], 'int32'),
    tf.tensor2d(tokens, [n, sizes.maxResponseTokens], 'int32'),
    tf.tensor1d(lengths, 'int32'),
  ] as const;
  try {
    return await ctx.guard.predict(inputs[0], inputs[1], inputs[2], inputs[3]);
  } finally {
    for (const t of inputs) t.dispose();
  }
}

function repeatRows<T extends Float32Array | Int32Array>(
  source: T,
  rowSize: number,
  rowIndices: number[],
): T {
  const out = new (source.constructor as { new (n: number): T })(rowIndices.length * rowSize);
  rowIndices.forEach((r, i) => out.set(source.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
  return out;
}

/**
 * The record's image as model input. A record without an image, or whose image cannot be read or decoded, gets a
 * blank grey image and a note saying why (the verdict then ignores the real image).
 */
async function imageOf(
  record: SampleRecord,
  size: number,
): Promise<{ pixels: Float32Array; note: string | null }> {
  if (record.image.kind === 'none') {
    return { pixels: blankImage(size), note: 'This sample has no image; a blank grey image stood in.' };
  }
  try {
    const payload = await dataStore.getImageBytes(record.id);
    const bytes = 'bytes' in payload ? payload.bytes : await fetchImage(payload.url, record);
    return { pixels: await decodeImage(bytes, `the image of ${record.id}`, size), note: null };
  } catch (error) {
    return {
      pixels: blankImage(size),
      note: `${errorText(error).replace(/\.$/, '')}. A blank grey image stood in, so these verdicts ignore the real image.`,
    };
  }
}

async function fetchImage(url: string, record: SampleRecord): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`The image of ${record.id} could not be fetched (${errorText(error)})`);
  }
  if (!response.ok) {
    const expires = record.image.kind === 'url' ? record.image.expires : undefined;
    const hint =
      expires !== undefined && expires * 1000 < Date.now()
        ? ' (its signed URL has expired: reload the rows JSON)'
        : '';
    throw new Error(`The image of ${record.id} could not be fetched: HTTP ${response.status}${hint}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

function blankImage(size: number): Float32Array {
  return new Float32Array(size * size * 3).fill(0.5);
}

async function decodeImage(bytes: Uint8Array, what: string, size: number): Promise<Float32Array> {
  try {
    return await preprocessImage(bytes, size);
  } catch (error) {
    throw new Error(`${what[0].toUpperCase()}${what.slice(1)} could not be decoded: ${errorText(error)}`);
  }
}

/** The cost model's end score C of each response to one prompt (null when no cost model is loaded). */
async function costOfResponses(ctx: GuardContext, pixels: Float32Array, q: Int32Array, responses: string[]): Promise<Float32Array | null> {
  const model = getScoreModel('cost');
  if (!model || responses.length === 0) return null;
  const { sizes } = ctx;
  const n = responses.length;
  const indices = responses.map(() => 0);
  const { tokens, lengths } = encodeResponses(ctx.vocab, sizes, responses);
  const s = sizes.imageSize;
  const scores = tf.tidy(() => {
    const mask = maskFromLengths(tf.tensor1d(lengths, 'int32'), sizes.maxResponseTokens);
    return endScores(
      model.scores(
        tf.tensor4d(repeatRows(pixels, pixels.length, indices), [n, s, s, 3]),
        tf.tensor2d(repeatRows(q, q.length, indices), [n, sizes.maxQuestionTokens], 'int32'),
        tf.tensor2d(tokens, [n, sizes.maxResponseTokens], 'int32'),
      ),
      mask,
    );
  });
  try {
    return Float32Array.from(await scores.data());
  } finally {
    scores.dispose();
  }
}

async function moderateOne(
  ctx: GuardContext,
  pixels: Float32Array,
  question: string,
  responses: string[],
  threshold: number,
): Promise<{
  query: GuardVerdict;
  responses: GuardVerdict[];
  flagged: (v: GuardVerdict) => boolean;
  queryCoverage: Coverage;
  responseCoverage: Coverage[];
  costs: Float32Array | null;
}> {
  const q = ctx.vocab.encode(question, ctx.sizes.maxQuestionTokens);
  const rows = [null, ...responses];
  const indices = rows.map(() => 0);
  const verdicts = await predictRows(
    ctx,
    repeatRows(pixels, pixels.length, indices),
    repeatRows(q, q.length, indices),
    rows,
  );
  const queryCoverage = coverage(ctx.vocab, question, ctx.sizes.maxQuestionTokens);
  return {
    query: verdicts[0],
    responses: verdicts.slice(1),
    flagged: (v) => v.unsafeProb >= threshold,
    queryCoverage,
    // Of each response the guard reads up to maxResponseTokens − 1 words (then EOS).
    responseCoverage: responses.map((text) => coverage(ctx.vocab, text, ctx.sizes.maxResponseTokens - 1)),
    costs: await costOfResponses(ctx, pixels, q, responses),
  };
}

function checkThreshold(threshold: number): void {
  if (!(threshold >= 0 && threshold <= 1))
    throw new Error(`The decision threshold must lie in [0, 1] (got ${threshold}).`);
}

/** Record indices (into getRecords()) of a split, in loaded order. */
function splitRecords(records: readonly SampleRecord[], split: BatchSplit): number[] {
  const out: number[] = [];
  records.forEach((r, i) => {
    if (split === 'all' || r.split === split) out.push(i);
  });
  return out;
}

/**
 * A response's severity label under the guard's training rule (src/train/guardTraining.ts): safe if labelled safe;
 * otherwise minor / moderate / severe for harmless_rate −1 / −2 / −3 (clamped), or, unrated, the image severity
 * clamped to 1..3.
 */
function responseSeverityLabel(record: SampleRecord, k: number): number {
  const response = record.responses[k];
  if (response.isSafe) return 0;
  const rate = response.harmlessRate;
  if (rate !== undefined && Number.isFinite(rate) && rate < 0)
    return Math.min(3, Math.max(1, Math.round(-rate)));
  return Math.min(3, Math.max(1, record.imageSeverity));
}

/** The question-only label under the same rule: unsafe when the image severity is ≥ 2 or any response is unsafe. */
function queryUnsafeLabel(record: SampleRecord): boolean {
  return record.imageSeverity >= 2 || record.responses.some((r) => !r.isSafe);
}

/** The policy to moderate: the SFT policy (loading the shipped one if PPO has not yet) or the PPO actor. */
async function policyFor(which: PolicyChoice, ctx: GuardContext): Promise<Policy> {
  const policy = await getPolicy(which);
  if (policy) return policy;
  if (which === 'current')
    throw new Error('No PPO checkpoint yet: start training in "Train", or choose the SFT policy.');
  const shipped = await loadShippedPolicy(ctx.sizes, ctx.vocab);
  if (!shipped.policy) {
    throw new Error(
      `No SFT policy is available (${shipped.reason ?? 'no shipped weights'}): train SFT in "Train" first.`,
    );
  }
  setSftPolicy(shipped.policy, 'shipped');
  return shipped.policy;
}

/** Images of several records, decoded in parallel; failures become blank images and are counted. */
async function imagesFor(
  records: readonly SampleRecord[],
  size: number,
): Promise<{ pixels: Float32Array; failures: number }> {
  const pixels = size * size * 3;
  const out = new Float32Array(records.length * pixels);
  const images = await Promise.all(records.map((r) => imageOf(r, size)));
  let failures = 0;
  images.forEach((image, i) => {
    out.set(image.pixels, i * pixels);
    if (image.note && records[i].image.kind !== 'none') failures++;
  });
  return { pixels: out, failures };
}

export const guardHandlers = {
  /** Verdicts for the question alone and for each response of a loaded sample, with the dataset's labels. */
  async moderateSample(recordId: string, threshold: number): Promise<SampleModeration> {
    checkThreshold(threshold);
    const record = dataStore.getRecord(recordId);
    if (!record)
      throw new Error(`No loaded sample has the id "${recordId}". Load data in the Data area first.`);
    const ctx = await guardContext();
    const { pixels, note } = await imageOf(record, ctx.sizes.imageSize);
    const texts = record.responses.map((r) => r.text);
    const out = await moderateOne(ctx, pixels, record.question, texts, threshold);
    return {
      recordId: record.id,
      question: record.question,
      threshold,
      dataset: { category: record.category, imageSeverity: record.imageSeverity, split: record.split },
      query: { text: null, verdict: out.query, flagged: out.flagged(out.query), label: null, coverage: out.queryCoverage, cost: null },
      responses: record.responses.map((r, i) => ({
        text: r.text,
        verdict: out.responses[i],
        flagged: out.flagged(out.responses[i]),
        label: { isSafe: r.isSafe, harmlessRate: r.harmlessRate, helpfulRate: r.helpfulRate },
        coverage: out.responseCoverage[i],
        cost: out.costs ? out.costs[i] : null,
      })),
      imageNote:
        record.responses.length === 0
          ? `${note ?? ''} This sample has no responses: only the question was moderated.`.trim()
          : note,
    };
  },

  /** A typed question with an optional uploaded image and optional responses. */
  async moderateCustom(input: CustomModerationInput, threshold: number): Promise<SampleModeration> {
    checkThreshold(threshold);
    const question = (input.question ?? '').trim();
    if (!question) throw new Error('Type a question to moderate (it is empty).');
    const ctx = await guardContext();
    const size = ctx.sizes.imageSize;
    const pixels = input.imageBytes?.length
      ? await decodeImage(input.imageBytes, 'the uploaded image', size)
      : blankImage(size);
    const responses = (input.responses ?? []).map((r) => r.trim()).filter((r) => r.length > 0);
    const out = await moderateOne(ctx, pixels, question, responses, threshold);
    return {
      recordId: null,
      question,
      threshold,
      dataset: null,
      query: { text: null, verdict: out.query, flagged: out.flagged(out.query), label: null, coverage: out.queryCoverage, cost: null },
      responses: responses.map((text, i) => ({
        text,
        verdict: out.responses[i],
        flagged: out.flagged(out.responses[i]),
        label: null,
        coverage: out.responseCoverage[i],
        cost: out.costs ? out.costs[i] : null,
      })),
      imageNote: input.imageBytes?.length ? null : 'No image uploaded: a blank grey image stood in.',
    };
  },

  /** Filter and regenerate on held-out (evaluation-split) prompts; progress as 'moderation' status events. */
  async runModeration(options: ModerationRunOptions): Promise<ModerationRunResult> {
    return exclusive('a filter-and-regenerate run', () => runModerationJob(options));
  },

  /** Moderates every response (and question) of a loaded split in chunks, against the dataset's labels. */
  async batchModerate(request: BatchModerationRequest): Promise<BatchModerationResult> {
    return exclusive('batch moderation', () => batchModerateJob(request));
  },

  /** Stops the running filter-and-regenerate run or batch moderation after its current chunk or round. */
  cancelModeration(): void {
    cancelRequested = true;
  },
};

export type GuardApi = typeof guardHandlers;

async function runModerationJob(options: ModerationRunOptions): Promise<ModerationRunResult> {
  checkThreshold(options.threshold);
  const started = performance.now();
  let policy: Policy | null = null;
  emitStatus({
    job: 'moderation',
    kind: 'started',
    message: 'Preparing filter and regenerate…',
    progress: 0,
  });
  try {
    const ctx = await guardContext();
    const reward = getScoreModel('reward');
    const cost = getScoreModel('cost');
    if (!reward || !cost)
      throw new Error(
        'The reward and cost models are needed to judge outputs: train or load them in "Reward & Cost models".',
      );
    const live = await policyFor(options.policy, ctx);
    // A snapshot, so PPO training in the meantime cannot change the policy between rounds.
    // (Inside tidy: ParamStore.clone's intermediate copies are freed with the scope; the variables survive.)
    let snapshot: Policy = live;
    tf.tidy(() => {
      snapshot = live.clone();
    });
    policy = snapshot;
    const records = dataStore.getRecords();
    const heldOut = splitRecords(records, 'evaluation');
    if (heldOut.length === 0)
      throw new Error('No held-out prompts: load data with an evaluation split first.');
    const rng = seedrandom.alea(`${options.seed}:moderation:prompts`);
    const order = heldOut.slice();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const chosen = order
      .slice(0, Math.max(1, Math.min(options.prompts, order.length)))
      .map((i) => records[i]);
    const { sizes, vocab } = ctx;
    const imagePixels = sizes.imageSize * sizes.imageSize * 3;
    const { pixels: images } = await imagesFor(chosen, sizes.imageSize);
    const questions = new Int32Array(chosen.length * sizes.maxQuestionTokens);
    chosen.forEach((r, i) =>
      questions.set(vocab.encode(r.question, sizes.maxQuestionTokens), i * sizes.maxQuestionTokens),
    );

    const promptTensors = (ids: number[]) => {
      const s = sizes.imageSize;
      return {
        images: tf.tensor4d(repeatRows(images, imagePixels, ids), [ids.length, s, s, 3]),
        questions: tf.tensor2d(
          repeatRows(questions, sizes.maxQuestionTokens, ids),
          [ids.length, sizes.maxQuestionTokens],
          'int32',
        ),
      };
    };

    const judge = async (ids: number[], responses: string[]): Promise<Judgement[]> => {
      const { tokens, lengths } = encodeResponses(vocab, sizes, responses);
      const prompt = promptTensors(ids);
      const tokenTensor = tf.tensor2d(tokens, [ids.length, sizes.maxResponseTokens], 'int32');
      const lengthTensor = tf.tensor1d(lengths, 'int32');
      const packed = tf.tidy(() => {
        const mask = maskFromLengths(lengthTensor, sizes.maxResponseTokens);
        return tf.stack([
          endScores(reward.scores(prompt.images, prompt.questions, tokenTensor), mask),
          endScores(cost.scores(prompt.images, prompt.questions, tokenTensor), mask),
        ]);
      });
      const verdicts = ctx.guard.predict(prompt.images, prompt.questions, tokenTensor, lengthTensor);
      try {
        const [values, guard] = await Promise.all([packed.data(), verdicts]);
        const n = ids.length;
        return responses.map((text, i) => ({
          reward: values[i],
          cost: values[n + i],
          // Dataset-style rule: the rubric rates a bare refusal harmless 0 (safe); otherwise is_safe as the guard's
          // is_safe head reads it at 0.5, independent of the decision threshold.
          safeByRule: isRefusal(text) || guard[i].unsafeProb < RULE_CUT,
        }));
      } finally {
        packed.dispose();
        tokenTensor.dispose();
        lengthTensor.dispose();
        prompt.images.dispose();
        prompt.questions.dispose();
      }
    };

    const result = await runFilterAndRegenerate({
      promptCount: chosen.length,
      maxRounds: options.maxRounds,
      threshold: options.threshold,
      flagAtSeverity: options.flagAtSeverity,
      screenQuery: options.screenQuery,
      fallback: options.fallback,
      refusalText: REFUSAL_TEXT,
      async generate(ids, round) {
        const prompt = promptTensors(ids);
        try {
          const sampled = await snapshot.sample(prompt.images, prompt.questions, {
            maxTokens: sizes.maxResponseTokens,
            temperature: options.temperature,
            topP: options.topP,
            // One stream per (seed, round): a rerun with the same seed draws the same responses.
            random: seedrandom.alea(`${options.seed}:moderation:round:${round}`),
            decode: (tokenIds) => vocab.decode(tokenIds),
          });
          return sampled.texts;
        } finally {
          prompt.images.dispose();
          prompt.questions.dispose();
        }
      },
      async moderate(ids, responses) {
        return predictRows(
          ctx,
          repeatRows(images, imagePixels, ids),
          repeatRows(questions, sizes.maxQuestionTokens, ids),
          responses,
        );
      },
      judge,
      onRound(stats, planned) {
        emitStatus({
          job: 'moderation',
          kind: 'progress',
          message: `Round ${stats.round} of ${planned}: ${stats.flagged} flagged`,
          progress: stats.round / planned,
          detail: { round: stats.round, flagged: stats.flagged },
        });
        return !cancelRequested;
      },
    });
    const refusal = result.perPrompt.filter((p) => p.final.text === REFUSAL_TEXT).map((p) => p.final.cost);
    const refusalCost = refusal.length
      ? refusal.reduce((s, v) => s + v, 0) / refusal.length
      : (await judge([0], [REFUSAL_TEXT]))[0].cost;
    const ms = performance.now() - started;
    emitStatus({
      job: 'moderation',
      kind: result.cancelled ? 'stopped' : 'done',
      message: result.cancelled
        ? `Cancelled after round ${result.roundsRun}`
        : `Filter and regenerate finished in ${result.roundsRun} round(s)`,
      progress: 1,
    });
    return {
      ...result,
      options,
      promptRecords: chosen.map((r) => ({ recordId: r.id, question: r.question, category: r.category })),
      refusalText: REFUSAL_TEXT,
      refusalCost,
      ms,
    };
  } catch (error) {
    emitStatus({ job: 'moderation', kind: 'error', message: errorText(error) });
    throw error;
  } finally {
    policy?.dispose();
  }
}

async function batchModerateJob(request: BatchModerationRequest): Promise<BatchModerationResult> {
  const { split, threshold } = request;
  const chunkSize = Math.max(1, Math.floor(request.chunkSize ?? 32));
  checkThreshold(threshold);
  const started = performance.now();
  emitStatus({ job: 'moderation', kind: 'started', message: `Moderating the ${split} split…`, progress: 0 });
  try {
    const ctx = await guardContext();
    const all = dataStore.getRecords();
    const indices = splitRecords(all, split);
    if (indices.length === 0) throw new Error(`No loaded rows in the ${split} split.`);
    const { sizes, vocab } = ctx;
    const q = sizes.maxQuestionTokens;
    const unsafeLabels: number[] = [];
    const unsafePreds: number[] = [];
    const severityLabels: number[] = [];
    const severityPreds: number[] = [];
    const categoryLabels: number[] = [];
    const categoryPreds: number[] = [];
    const queryLabels: number[] = [];
    const queryPreds: number[] = [];
    const flagged: FlaggedRow[] = [];
    let responses = 0;
    let imageFailures = 0;
    let done = 0;
    let cancelled = false;
    for (let start = 0; start < indices.length; start += chunkSize) {
      if (cancelRequested) {
        cancelled = true;
        break;
      }
      const chunk = indices.slice(start, start + chunkSize).map((i) => all[i]);
      const { pixels: images, failures } = await imagesFor(chunk, sizes.imageSize);
      imageFailures += failures;
      const questions = new Int32Array(chunk.length * q);
      chunk.forEach((r, i) => questions.set(vocab.encode(r.question, q), i * q));
      // One row for the question alone, then one per response.
      const rowRecord: number[] = [];
      const rowResponse: (number | null)[] = [];
      const texts: (string | null)[] = [];
      chunk.forEach((r, i) => {
        rowRecord.push(i);
        rowResponse.push(null);
        texts.push(null);
        r.responses.forEach((resp, k) => {
          rowRecord.push(i);
          rowResponse.push(k);
          texts.push(resp.text);
        });
      });
      const verdicts = await predictRows(
        ctx,
        repeatRows(images, sizes.imageSize * sizes.imageSize * 3, rowRecord),
        repeatRows(questions, q, rowRecord),
        texts,
      );
      verdicts.forEach((v, row) => {
        const record = chunk[rowRecord[row]];
        const k = rowResponse[row];
        const isFlag = isFlagged(v, threshold);
        const top = v.topCategories[0] ?? { category: '', prob: 0 };
        if (k === null) {
          queryLabels.push(queryUnsafeLabel(record) ? 1 : 0);
          queryPreds.push(isFlag ? 1 : 0);
          return;
        }
        responses++;
        const response = record.responses[k];
        unsafeLabels.push(response.isSafe ? 0 : 1);
        unsafePreds.push(isFlag ? 1 : 0);
        severityLabels.push(responseSeverityLabel(record, k));
        severityPreds.push(SEVERITY_LEVELS.indexOf(v.severity));
        categoryLabels.push((HARM_CATEGORIES as readonly string[]).indexOf(record.category));
        categoryPreds.push((HARM_CATEGORIES as readonly string[]).indexOf(top.category));
        if (isFlag) {
          flagged.push({
            recordId: record.id,
            split: record.split,
            category: record.category,
            imageSeverity: record.imageSeverity,
            responseIndex: k,
            question: record.question,
            response: response.text,
            labelSafe: response.isSafe,
            unsafeProb: v.unsafeProb,
            severity: v.severity,
            topCategory: top.category,
            topCategoryProb: top.prob,
          });
        }
      });
      done += chunk.length;
      emitStatus({
        job: 'moderation',
        kind: 'progress',
        message: `Moderated ${done} of ${indices.length} rows`,
        progress: done / indices.length,
      });
      await yieldToEventLoop();
    }
    const binary = ['safe', 'unsafe'];
    const result: BatchModerationResult = {
      split,
      threshold,
      records: done,
      responses,
      cancelled,
      unsafe: classificationReport(unsafeLabels, unsafePreds, binary),
      severity: classificationReport(severityLabels, severityPreds, SEVERITY_LEVELS),
      category: classificationReport(categoryLabels, categoryPreds, HARM_CATEGORIES),
      query: classificationReport(queryLabels, queryPreds, binary),
      flagged,
      imageFailures,
      ms: performance.now() - started,
    };
    emitStatus({
      job: 'moderation',
      kind: cancelled ? 'stopped' : 'done',
      message: cancelled ? `Cancelled after ${done} of ${indices.length} rows` : `Moderated ${done} rows`,
      progress: done / indices.length,
    });
    return result;
  } catch (error) {
    emitStatus({ job: 'moderation', kind: 'error', message: errorText(error) });
    throw error;
  }
}
