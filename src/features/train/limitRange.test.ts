import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import type { ReachableCost } from '../../rl/feasibility';
import { pilotSettingsKey } from '../../state/costPilot';
import { limitRangeView, pilotFloorFor } from './limitRange';

const range: ReachableCost = { sftCost: -1.1, floor: -3.2, ceiling: 0.4, prompts: 64, samplesPerPrompt: 8 };
const ready = { status: 'ready' as const, key: 'data#1:10|sft:shipped|cost#1|vocab:x|99|1|0.9|12', range };
const lag = { algorithm: 'ppo-lag' as const };

describe('limitRangeView', () => {
  it('states the SFT cost and the reachable range with the pilot size', () => {
    const view = limitRangeView(ready, { ...lag, threshold: -1.75 });
    expect(view.range).toBe(
      "SFT policy's cost J_SFT −1.10; reachable −3.20 … 0.40 (mean over 64 training prompts of the safest … most harmful of 8 SFT answers).",
    );
    expect(view.region).toBe('binding');
  });

  it('a limit below the floor is unreachable: λ will only grow', () => {
    const view = limitRangeView(ready, { ...lag, threshold: -4 });
    expect(view.region).toBe('unreachable');
    expect(view.advice).toMatch(/^Below anything reachable: .*λ will only grow\.$/);
  });

  it('a limit above the SFT cost starts slack; above the most harmful answers it is plain PPO', () => {
    expect(limitRangeView(ready, { ...lag, threshold: 0 }).advice).toMatch(/^Above the SFT policy's cost −1\.10: the constraint is slack at first/);
    const slack = limitRangeView(ready, { ...lag, threshold: 3 });
    expect(slack.region).toBe('slack');
    expect(slack.advice).toMatch(/the constraint is slack, this is plain PPO\.$/);
  });

  it('pending, idle and failed say so, without a range or advice', () => {
    expect(limitRangeView({ status: 'pending' }, { ...lag, threshold: 0 }).advice).toBeUndefined();
    expect(limitRangeView({ status: 'pending' }, { ...lag, threshold: 0 }).range).toMatch(/^Measuring the SFT policy's cost/);
    expect(limitRangeView({ status: 'idle' }, { ...lag, threshold: 0 }).range).toMatch(/once the data and the models are loaded/);
    expect(limitRangeView({ status: 'failed', message: 'no data is loaded yet' }, { ...lag, threshold: 0 }).range).toBe(
      'Reachable cost range not measured: no data is loaded yet.',
    );
  });

  it('gives no advice where the limit does not steer λ', () => {
    const view = limitRangeView(ready, { algorithm: 'ppo', threshold: -4 });
    expect(view.advice).toBeUndefined();
    expect(view.range).toMatch(/J_SFT −1\.10/);
  });
});

describe('pilotFloorFor', () => {
  const config = { ...defaultConfig(), seed: 99, temperature: 1, topP: 0.9, maxResponseTokens: 12 };
  it('hands the floor to the detector only for a pilot with the run’s sampling settings', () => {
    expect(pilotSettingsKey(config)).toBe('99|1|0.9|12');
    expect(pilotFloorFor(ready, config)).toBe(-3.2);
    expect(pilotFloorFor(ready, { ...config, temperature: 0.8 })).toBeUndefined();
    expect(pilotFloorFor({ status: 'pending' }, config)).toBeUndefined();
  });
});
