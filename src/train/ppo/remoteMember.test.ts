import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNodeBackend, type NodeBackend } from '../../compute/nodeBackends';
import { memberConfig } from '../../config/seedGroup';
import type { ExperimentConfig } from '../../config/params';
import { ExperimentRun } from '../../experiment/experimentRun';
import { groupColumns } from '../../util/groupRows';
import { PpoEngine, type PhaseResult } from './engine';
import { MemberHost } from './memberHost';
import { RemoteLane } from './remoteMember';
import { SeedGroupEngine } from './seedGroupEngine';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from './testing/fixtures';
import { PPO_EVAL_COLUMNS, PPO_METRIC_COLUMNS } from './types';

// Members in "another thread": a MemberHost on one end of a MessageChannel in this process (every message is
// structured-cloned as between workers), the group's RemoteLane on the other.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const DETERMINISTIC = (columns: readonly string[]) => columns.filter((c) => !/(^|_)ms|tokensPerSecond/.test(c));

type Models = ReturnType<typeof tinyModels>;

/** A lane whose host runs `seeds` of the group `config` with fresh engines. */
function laneFor(config: ExperimentConfig, seeds: number[], models: Models): { lane: RemoteLane; host: MemberHost } {
  const channel = new MessageChannel();
  const engines = seeds.map((seed) => new PpoEngine(tinyInit(memberConfig(config, seed), models)));
  const host = new MemberHost(engines, channel.port2 as unknown as MessagePort, yieldToEventLoop, () => channel.port2.close());
  const lane = new RemoteLane(channel.port1 as unknown as MessagePort, seeds, seeds.map((seed) => memberConfig(config, seed)), host.states, () => channel.port1.close());
  return { lane, host };
}

interface Recorded {
  rows: number[][];
  evaluations: number[][];
}

/**
 * Runs `run` to its end through the run loop (run-ahead on), pausing after the phase counts in `pauseAfter`, and
 * making the live edit `edit.edits` after `edit.after` phases.
 */
async function runToEnd(run: ExperimentRun, pauseAfter: number[] = [], edit?: { after: number; edits: Partial<ExperimentConfig> }): Promise<Recorded> {
  const engine = run.engine as SeedGroupEngine;
  const columns = DETERMINISTIC(engine.metricColumns);
  const evalColumns = DETERMINISTIC(engine.evalColumns);
  const recorded: Recorded = { rows: [], evaluations: [] };
  let phases = 0;
  const onPhase = (result: PhaseResult) => {
    phases++;
    if (edit && phases === edit.after) run.edit(edit.edits);
    const row = result.row as Record<string, number> | undefined;
    if (row) recorded.rows.push(columns.map((c) => row[c]));
    for (const e of result.evaluations) recorded.evaluations.push(evalColumns.map((c) => (e.row as unknown as Record<string, number>)[c]));
  };
  for (;;) {
    const stopAt = pauseAfter.shift();
    const ended = await run.run({
      runAhead: true,
      onPhase,
      betweenPhases: yieldToEventLoop,
      shouldInterrupt: () => {
        if (stopAt === undefined || phases < stopAt) return false;
        engine.requestPause();
        return true;
      },
      shouldPause: async () => {
        await yieldToEventLoop();
        return false;
      },
    });
    if (ended.end === 'halted') throw new Error(ended.message);
    if (ended.end === 'finished') return recorded;
  }
}

describe.each<NodeBackend>(['cpu', 'wasm'])('a seed group with members in another thread, on %s', (backend) => {
  const models = tinyModels(3);
  afterAll(() => disposeModels(models));
  const config = tinyConfig({ seed: 21, seeds: 4, evalEvery: 2, iterations: 4 });

  it('gives the same rows, evaluations and weights, to the bit, as the group in one thread, paused or not', async () => {
    await setNodeBackend(backend);
    const before = tf.memory().numTensors;
    const inOne = new SeedGroupEngine(tinyInit(config, models));
    const expected = await runToEnd(new ExperimentRun(inOne));
    expect(expected.rows.length).toBe(4);
    expect(expected.evaluations.length).toBe(3);

    const a = laneFor(config, [23], models);
    const b = laneFor(config, [24], models);
    const split = new SeedGroupEngine(tinyInit(config, models), [a.lane, b.lane]);
    expect(split.members.map((m) => m instanceof PpoEngine)).toEqual([true, true, false, false]);
    // Pauses at phase boundaries of the members here, while the others are mid-iteration.
    const got = await runToEnd(new ExperimentRun(split), [3, 7, 12]);
    expect(got).toEqual(expected);
    const weights = async (engine: PpoEngine) => Promise.all(Object.values(engine.policy.getWeights()).map((t) => t.data()));
    expect(await weights(a.host.engines[0])).toEqual(await weights(inOne.members[2] as PpoEngine));
    expect(await weights(b.host.engines[0])).toEqual(await weights(inOne.members[3] as PpoEngine));
    expect(split.members.map((m) => m.lambda)).toEqual(inOne.members.map((m) => m.lambda));
    expect(split.iteration).toBe(4);
    inOne.dispose();
    split.dispose();
    await yieldToEventLoop();
    await yieldToEventLoop();
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);

  it('gives every member a live edit made mid-iteration at the next iteration, recorded there, as in one thread', async () => {
    await setNodeBackend(backend);
    const edit = { after: 7, edits: { threshold: 0.375 } };
    const oneRun = new ExperimentRun(new SeedGroupEngine(tinyInit(config, models)));
    const expected = await runToEnd(oneRun, [], edit);
    const lane = laneFor(config, [23, 24], models);
    const splitRun = new ExperimentRun(new SeedGroupEngine(tinyInit(config, models), [lane.lane]));
    const got = await runToEnd(splitRun, [], edit);
    expect(got).toEqual(expected);
    // Phase 7 is inside iteration 0 (seed 21's five phases, then seed 22's second): every member takes it from
    // iteration 1, where the members elsewhere may already have finished iteration 0 or be part-way through it.
    for (const run of [oneRun, splitRun]) {
      expect(run.configChanges).toEqual([{ afterIteration: 1, key: 'threshold', from: config.threshold, to: 0.375 }]);
      const engine = run.engine as SeedGroupEngine;
      const columns = DETERMINISTIC(engine.metricColumns);
      const thresholds = (row: number[]) => engine.seeds.map((seed) => row[columns.indexOf(`threshold_seed${seed}`)]);
      const rows = run === oneRun ? expected.rows : got.rows;
      expect(rows.map(thresholds)).toEqual([0, 1, 2, 3].map((i) => engine.seeds.map(() => (i < 1 ? config.threshold : 0.375))));
      run.dispose();
    }
  }, 300_000);

  it('takes live settings and resets to every member, and a second run after a reset repeats the first', async () => {
    await setNodeBackend(backend);
    const short = { ...config, iterations: 2 };
    const lane = laneFor(short, [22, 23, 24], models);
    const split = new SeedGroupEngine(tinyInit(short, models), [lane.lane]);
    const run = new ExperimentRun(split);
    const first = await runToEnd(run);
    run.edit({ threshold: 0.375 });
    await yieldToEventLoop();
    expect(lane.host.engines.map((engine) => engine.config.threshold)).toEqual([0.375, 0.375, 0.375]);
    run.reset({ ...short, threshold: config.threshold });
    expect(split.iteration).toBe(0);
    const second = await runToEnd(run);
    expect(second).toEqual(first);
    expect(groupColumns(PPO_METRIC_COLUMNS, split.seeds)).toEqual(split.metricColumns);
    expect(PPO_EVAL_COLUMNS.length).toBeGreaterThan(0);
    split.dispose();
  }, 300_000);

  it('step-by-phase reaches members elsewhere one phase at a time', async () => {
    await setNodeBackend(backend);
    const lane = laneFor(config, [22, 23, 24], models);
    const split = new SeedGroupEngine(tinyInit(config, models), [lane.lane]);
    const phases: string[] = [];
    for (let i = 0; i < 10; i++) phases.push(`${(await split.stepPhase()).seed}:${split.members[Math.floor(i / 5)].nextPhase}`);
    // Seed 21's five phases, then seed 22's: each call one phase, the host's member moving on with it.
    expect(phases).toEqual([
      '21:score', '21:advantages', '21:lambda', '21:update', '21:rollout',
      '22:score', '22:advantages', '22:lambda', '22:update', '22:rollout',
    ]);
    expect(lane.host.engines.map((engine) => engine.iteration)).toEqual([1, 0, 0]);
    split.dispose();
  }, 300_000);

  it('names the seeds of a worker that failed, and keeps failing rather than hanging', async () => {
    await setNodeBackend(backend);
    const lane = laneFor(config, [22, 23, 24], models);
    const split = new SeedGroupEngine(tinyInit(config, models), [lane.lane]);
    for (let i = 0; i < 5; i++) await split.stepPhase();
    lane.lane.fail('out of memory');
    await expect(split.stepPhase()).rejects.toThrow('The worker running seeds 22–24 of the group: out of memory');
    await expect(split.stepPhase({ runAhead: true })).rejects.toThrow(/seeds 22–24.*out of memory/);
    split.dispose();
    for (const engine of lane.host.engines) engine.dispose();
  }, 300_000);

  it('refuses lanes that do not hold the group\'s last seeds', async () => {
    await setNodeBackend(backend);
    const lane = laneFor(config, [22], models);
    expect(() => new SeedGroupEngine(tinyInit(config, models), [lane.lane])).toThrow(/run seeds 22, not the last of 21, 22, 23, 24/);
    for (const engine of lane.host.engines) engine.dispose();
  });
});
