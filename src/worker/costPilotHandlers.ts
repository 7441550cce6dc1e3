// The feasibility pilot in the trainer worker (issue 21): the runner's costPilot (src/train/ppo/costPilot.ts) on the
// loaded data with the SFT policy and the cost model, cached per data + weights + sampling settings, so the Train
// area can show the SFT policy's cost and the reachable range beside the cost limit before any run.
import type { ExperimentConfig } from '../config/params';
import type { Policy } from '../models/policy';
import type { ReachableCost } from '../rl/feasibility';
import { costPilot, CostPilotCache } from '../train/ppo/costPilot';
import { appPilotKey, ObjectIds } from './costPilotKey';
import { dataStore, encodeWithVocab } from './dataStore';
import { activePackMismatch, ensurePretrained, getScoreModel, getSizes, getVocabulary, vocabularyFingerprint } from './modelStore';
import { loadShippedPolicy, ppoState } from './ppoStore';

export interface CostPilotResult {
  /** The cache key: data | weights | seed | temperature | top-p | response tokens. */
  key: string;
  range: ReachableCost;
}

const pilots = new CostPilotCache();
const ids = new ObjectIds();
/** A shipped SFT policy loaded for the pilot alone, before PPO has one (per vocabulary: kept while it fits). */
let shipped: { vocabulary: string; policy: Promise<Policy> } | null = null;

async function sftPolicy(): Promise<{ policy: Policy; origin: 'shipped' | 'trained' | 'imported' }> {
  if (ppoState.sftPolicy && ppoState.sftOrigin) return { policy: ppoState.sftPolicy, origin: ppoState.sftOrigin };
  const vocabulary = vocabularyFingerprint();
  if (!shipped || shipped.vocabulary !== vocabulary) {
    const previous = shipped;
    shipped = {
      vocabulary,
      policy: loadShippedPolicy(getSizes(), getVocabulary()).then(({ policy, reason }) => {
        if (!policy) throw new Error(`the pilot needs the SFT policy and none is shipped (${reason}); it is trained when PPO is first prepared`);
        return policy;
      }),
    };
    previous?.policy.then((policy) => policy.dispose(), () => undefined);
  }
  try {
    return { policy: await shipped.policy, origin: 'shipped' };
  } catch (error) {
    shipped = null;
    throw error;
  }
}

export const costPilotHandlers = {
  /**
   * The SFT policy's cost on the training prompts and the reachable range (src/rl/feasibility.ts): PILOT_PROMPTS
   * training prompts × PILOT_SAMPLES answers at the config's seed, temperature, top-p and response length, scored by
   * the cost model. Cached: the same data, weights and sampling settings answer at once.
   */
  async ppoCostPilot(config: ExperimentConfig): Promise<CostPilotResult> {
    await ensurePretrained();
    const costModel = getScoreModel('cost');
    if (!costModel) throw new Error('the pilot needs a cost model: train or load one in "Reward & Cost models"');
    const records = dataStore.getRecords();
    if (records.length === 0) throw new Error('no data is loaded yet');
    const packProblem = activePackMismatch(records);
    if (packProblem) throw new Error(packProblem);
    const { policy, origin } = await sftPolicy();
    const inputs = {
      dataVersion: dataStore.version,
      recordCount: records.length,
      sftOrigin: origin,
      policyId: ids.of(policy),
      costModelId: ids.of(costModel),
      vocabulary: vocabularyFingerprint(),
    };
    const key = appPilotKey(inputs, config);
    const range = await pilots.get(key, async () => {
      const sizes = getSizes();
      const data = await encodeWithVocab(
        getVocabulary(),
        { imageSize: sizes.imageSize, maxQuestionTokens: sizes.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens },
        { job: 'ppo' },
      );
      return costPilot({ data, policy, costModel }, config);
    });
    return { key, range };
  },
};


export type CostPilotApi = typeof costPilotHandlers;
