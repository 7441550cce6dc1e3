// The guard's comlink handlers: interactive moderation of a loaded sample or a typed question, the
// filter-and-regenerate loop and batch moderation of a split. The inference and the jobs live in the experiment core
// (src/experiment/guard/); this adapter finds the models, the policy and the loaded records, runs one long job at a
// time, turns cancel into an AbortSignal and the jobs' reports into 'moderation' status events.
import type { Policy } from '../models/policy';
import { batchModerationJob } from '../experiment/guard/batchModerationJob';
import { filterAndRegenerateJob } from '../experiment/guard/filterAndRegenerateJob';
import type { RecordImageReader } from '../experiment/guard/guardImages';
import { checkThreshold, type GuardContext } from '../experiment/guard/guardInference';
import { customQuestion, moderateCustom, moderateSample } from '../experiment/guard/sampleModeration';
import type {
  BatchModerationRequest,
  BatchModerationResult,
  CustomModerationInput,
  GuardJobHooks,
  ModerationRunOptions,
  ModerationRunResult,
  PolicyChoice,
  SampleModeration,
} from '../experiment/guard/types';
import { emitStatus, yieldToEventLoop } from './context';
import { dataStore } from './dataStore';
import { ensurePretrained, getGuardModel, getScoreModel, getSizes, getVocabulary } from './modelStore';
import { getPolicy, loadShippedPolicy, setSftPolicy } from './ppoStore';
import { errorText } from '../util/errorText';

export { REFUSAL_TEXT } from '../experiment/guard/types';
export type {
  BatchModerationRequest,
  BatchModerationResult,
  BatchSplit,
  CustomModerationInput,
  ModeratedItem,
  ModerationRunOptions,
  ModerationRunResult,
  PolicyChoice,
  SampleModeration,
} from '../experiment/guard/types';

/** The running long job's cancel; null when none runs. */
let running: { name: string; cancel: AbortController } | null = null;

async function exclusive<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (running) throw new Error(`The guard is busy with ${running.name}; wait for it to finish or cancel it first.`);
  const job = { name, cancel: new AbortController() };
  running = job;
  try {
    return await work(job.cancel.signal);
  } finally {
    running = null;
  }
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

const readImage: RecordImageReader = (recordId) => dataStore.getImageBytes(recordId);

/** A job's hooks: its reports become 'moderation' status events; cancel comes in through `signal`. */
function moderationHooks(signal: AbortSignal, betweenChunks?: () => Promise<void>): GuardJobHooks {
  return {
    signal,
    betweenChunks,
    onReport: (report) => emitStatus({ job: 'moderation', ...report }),
  };
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

export const guardHandlers = {
  /** Verdicts for the question alone and for each response of a loaded sample, with the dataset's labels. */
  async moderateSample(recordId: string, threshold: number): Promise<SampleModeration> {
    checkThreshold(threshold);
    const record = dataStore.getRecord(recordId);
    if (!record)
      throw new Error(`No loaded sample has the id "${recordId}". Load data in the Data area first.`);
    const ctx = await guardContext();
    return moderateSample(ctx, getScoreModel('cost'), record, threshold, readImage);
  },

  /** A typed question with an optional uploaded image and optional responses. */
  async moderateCustom(input: CustomModerationInput, threshold: number): Promise<SampleModeration> {
    checkThreshold(threshold);
    customQuestion(input);
    const ctx = await guardContext();
    return moderateCustom(ctx, getScoreModel('cost'), input, threshold);
  },

  /** Filter and regenerate on held-out (evaluation-split) prompts; progress as 'moderation' status events. */
  async runModeration(options: ModerationRunOptions): Promise<ModerationRunResult> {
    return exclusive('a filter-and-regenerate run', async (signal) => {
      checkThreshold(options.threshold);
      const started = performance.now();
      emitStatus({ job: 'moderation', kind: 'started', message: 'Preparing filter and regenerate…', progress: 0 });
      try {
        const ctx = await guardContext();
        const reward = getScoreModel('reward');
        const cost = getScoreModel('cost');
        if (!reward || !cost)
          throw new Error(
            'The reward and cost models are needed to judge outputs: train or load them in "Reward & Cost models".',
          );
        const policy = await policyFor(options.policy, ctx);
        const inputs = { ctx, reward, cost, policy, records: dataStore.getRecords(), readImage, options, started };
        return await filterAndRegenerateJob(inputs, moderationHooks(signal));
      } catch (error) {
        emitStatus({ job: 'moderation', kind: 'error', message: errorText(error) });
        throw error;
      }
    });
  },

  /** Moderates every response (and question) of a loaded split in chunks, against the dataset's labels. */
  async batchModerate(request: BatchModerationRequest): Promise<BatchModerationResult> {
    return exclusive('batch moderation', async (signal) => {
      checkThreshold(request.threshold);
      const started = performance.now();
      emitStatus({
        job: 'moderation',
        kind: 'started',
        message: `Moderating the ${request.split} split…`,
        progress: 0,
      });
      try {
        const ctx = await guardContext();
        const inputs = { ctx, records: dataStore.getRecords(), readImage, request, started };
        return await batchModerationJob(inputs, moderationHooks(signal, yieldToEventLoop));
      } catch (error) {
        emitStatus({ job: 'moderation', kind: 'error', message: errorText(error) });
        throw error;
      }
    });
  },

  /** Stops the running filter-and-regenerate run or batch moderation after its current chunk or round. */
  cancelModeration(): void {
    running?.cancel.abort();
  },
};

export type GuardApi = typeof guardHandlers;
