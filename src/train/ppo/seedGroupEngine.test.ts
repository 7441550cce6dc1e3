import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNodeBackend, type NodeBackend } from '../../compute/nodeBackends';
import { memberConfig } from '../../config/seedGroup';
import { groupColumns, memberColumn } from '../../util/groupRows';
import { PpoEngine } from './engine';
import { SeedGroupEngine } from './seedGroupEngine';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from './testing/fixtures';
import { PPO_EVAL_COLUMNS, PPO_METRIC_COLUMNS } from './types';

// Wall-clock columns differ from run to run; everything else must be identical to the bit.
const DETERMINISTIC = PPO_METRIC_COLUMNS.filter((c) => !c.startsWith('ms') && c !== 'tokensPerSecond');
const ITERATIONS = 4;

async function weightsOf(engine: PpoEngine): Promise<Record<string, number[]>> {
  const named = engine.policy.getWeights();
  const out: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(named)) out[name] = Array.from(await tensor.data());
  return out;
}

describe.each<NodeBackend>(['cpu', 'wasm'])('a seed group on %s', (backend) => {
  const models = tinyModels(1);
  afterAll(() => disposeModels(models));

  it('gives each member the metrics, evaluations and weights of the solo run with its seed, to the bit', async () => {
    await setNodeBackend(backend);
    const config = tinyConfig({ seed: 11, seeds: 3, evalEvery: 2, iterations: ITERATIONS });
    const before = tf.memory().numTensors;
    const group = new SeedGroupEngine(tinyInit(config, models));
    expect(group.seeds).toEqual([11, 12, 13]);
    const columns = groupColumns(PPO_METRIC_COLUMNS, group.seeds);
    const evalColumns = groupColumns(PPO_EVAL_COLUMNS, group.seeds);
    const groupRows: number[][] = [];
    const groupEvals: number[][] = [];
    while (group.iteration < ITERATIONS) {
      const result = await group.stepPhase();
      if (result.halted) throw new Error(result.halted);
      groupEvals.push(...result.evaluations.map((e) => evalColumns.map((c) => (e.row as unknown as Record<string, number>)[c])));
      if (result.row) groupRows.push(columns.map((c) => (result.row as unknown as Record<string, number>)[c]));
    }
    expect(groupRows.length).toBe(ITERATIONS);
    expect(groupEvals.map((row) => row[0])).toEqual([0, 2, 4]);
    expect(group.metricColumns).toEqual(columns);

    for (const [index, seed] of group.seeds.entries()) {
      const solo = new PpoEngine(tinyInit(memberConfig(config, seed), models));
      const soloEvals: number[][] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const result = await solo.step();
        soloEvals.push(...result.evaluations.map((e) => PPO_EVAL_COLUMNS.map((c) => e.row[c])));
        for (const column of DETERMINISTIC) {
          const value = column === 'iteration' ? groupRows[i][columns.indexOf('iteration')] : groupRows[i][columns.indexOf(memberColumn(column, seed))];
          expect(Object.is(value, result.row![column]), `seed ${seed} iteration ${i} ${column}: ${value} vs ${result.row![column]}`).toBe(true);
        }
      }
      for (const [e, row] of soloEvals.entries()) {
        for (const [c, column] of PPO_EVAL_COLUMNS.entries()) {
          const name = column === 'iteration' ? column : memberColumn(column, seed);
          expect(Object.is(groupEvals[e][evalColumns.indexOf(name)], row[c]), `seed ${seed} evaluation ${e} ${column}`).toBe(true);
        }
      }
      expect(await weightsOf(group.members[index] as PpoEngine)).toEqual(await weightsOf(solo));
      expect(group.members[index].lambda).toBe(solo.lambda);
      solo.dispose();
    }
    group.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);

  it("steps its members' phases in turn, naming the seed of each phase's output and the one that runs next", async () => {
    await setNodeBackend(backend);
    const group = new SeedGroupEngine(tinyInit(tinyConfig({ seed: 5, seeds: 2, iterations: 2 }), models));
    const steps: string[] = [];
    for (let i = 0; i < 10; i++) {
      const next = `${group.nextSeed}:${group.nextPhase}`;
      const result = await group.stepPhase();
      expect(`${result.seed}:${result.phase}`).toBe(next);
      expect(result.output?.seed).toBe(result.seed);
      steps.push(next);
    }
    expect(steps).toEqual([5, 6].flatMap((seed) => ['rollout', 'score', 'advantages', 'lambda', 'update'].map((phase) => `${seed}:${phase}`)));
    expect(group.iteration).toBe(1);
    expect(group.nextSeed).toBe(5);
    group.dispose();
  });

  it('applies live settings to every member and refuses a reset to other seeds', async () => {
    await setNodeBackend(backend);
    const config = tinyConfig({ seed: 1, seeds: 2, iterations: 2 });
    const group = new SeedGroupEngine(tinyInit(config, models));
    const { applied, needsReset } = group.updateConfig({ ...config, threshold: 0.25, seeds: 3 });
    expect(applied).toEqual(['threshold']);
    expect(needsReset).toEqual(['seeds']);
    expect(group.members.map((member) => member.config.threshold)).toEqual([0.25, 0.25]);
    expect(group.members.map((member) => member.config.seed)).toEqual([1, 2]);
    expect(() => group.reset()).toThrow(/seeds changed \(1, 2 → 1, 2, 3\)/);
    group.reset({ ...config, threshold: 0.5 });
    expect(group.members.map((member) => member.config.threshold)).toEqual([0.5, 0.5]);
    group.dispose();
  });
});
