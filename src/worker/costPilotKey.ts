// The app's cost-pilot cache key (issue 21): the runner's key (src/train/ppo/costPilot.ts, CostPilotCache.key) over
// the loaded data and the weights the pilot samples and scores with. Pure, so the rule is unit-tested.
import type { ExperimentConfig } from '../config/params';
import { CostPilotCache } from '../train/ppo/costPilot';

export interface PilotInputs {
  /** The data store's version: it grows with every load or removal, so a new dataset is a new key. */
  dataVersion: number;
  recordCount: number;
  /** Where the SFT policy came from; a shipped policy is the same weights whichever copy is loaded. */
  sftOrigin: 'shipped' | 'trained' | 'imported';
  /** Identity of the SFT policy object (only used when it was trained or imported: new weights, new object). */
  policyId: number;
  /** Identity of the cost model object (a trained or loaded cost model replaces the object). */
  costModelId: number;
  /** The vocabulary's fingerprint: the shipped policy's tokens mean the same only with the same vocabulary. */
  vocabulary: string;
}

/** data | weights | seed, temperature, top-p, response length (the sampling settings that shape the answers). */
export function appPilotKey(inputs: PilotInputs, config: ExperimentConfig): string {
  const data = `data#${inputs.dataVersion}:${inputs.recordCount}`;
  const policy = inputs.sftOrigin === 'shipped' ? 'sft:shipped' : `sft:${inputs.sftOrigin}#${inputs.policyId}`;
  const weights = `${policy}|cost#${inputs.costModelId}|vocab:${inputs.vocabulary}`;
  return CostPilotCache.key(data, weights, config);
}

/** A small stable number per object (WeakMap: forgotten with the object), for keys that must change with it. */
export class ObjectIds {
  private readonly ids = new WeakMap<object, number>();
  private next = 1;

  of(value: object): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(value, id);
    }
    return id;
  }
}
