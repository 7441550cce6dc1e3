import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../src/config/params';
import { memberConfig } from '../../src/config/seedGroup';
import { groupSeriesOf } from '../../src/util/groupRows';
import { VERDICT_LARGER, VERDICT_WITHIN } from '../../src/util/seedStats';
import { seedCompareTable } from '../../src/runs/seedCompare';
import { seriesFromRows } from '../../src/runs/series';
import { runExperiment, type RunBundle } from './run';

// Real 4-seed groups on the bundled sample (wasm, the start-up config at a reduced batch and length): the Compare
// verdict must call a change of the cost limit from −1.5 to +0.5 larger than the seed spread on last-50 J_C − limit,
// and two groups with the same config and different seeds within it, on every measure.
const BASE: ExperimentConfig = { ...defaultConfig(), promptBatch: 4, iterations: 55, evalEvery: 55, evalPrompts: 8 };

async function group(config: ExperimentConfig, seeds: number[]) {
  const bundles: RunBundle[] = [];
  for (const seed of seeds) bundles.push(await runExperiment(memberConfig(config, seed), { backend: 'wasm' }));
  const series = (pick: (index: number) => object[]) =>
    groupSeriesOf(seeds.map((seed, index) => ({ seed, series: seriesFromRows(pick(index) as Record<string, number | null>[]) })));
  return { metrics: series((i) => bundles[i].metrics), evaluations: series((i) => bundles[i].evaluations) };
}

describe('the seed-spread verdict on real groups', () => {
  let tight: Awaited<ReturnType<typeof group>>;
  let loose: Awaited<ReturnType<typeof group>>;
  let tightOtherSeeds: Awaited<ReturnType<typeof group>>;

  beforeAll(async () => {
    tight = await group({ ...BASE, threshold: -1.5 }, [1, 2, 3, 4]);
    loose = await group({ ...BASE, threshold: 0.5 }, [1, 2, 3, 4]);
    tightOtherSeeds = await group({ ...BASE, threshold: -1.5 }, [5, 6, 7, 8]);
  }, 1_200_000);

  it('limits −1.5 vs +0.5: J_C − limit differs by more than the seed spread', () => {
    const row = seedCompareTable([tight, loose]).find((r) => r.measure.id === 'costGap')!;
    expect(row.runs.map((r) => r.values.length)).toEqual([4, 4]);
    expect(row.difference!.verdict).toBe(VERDICT_LARGER);
    expect(row.difference!.low).toBeLessThan(row.difference!.high);
  });

  it('the same config on other seeds: every difference is within the seed spread', () => {
    for (const row of seedCompareTable([tight, tightOtherSeeds])) {
      expect(row.difference!.verdict, row.measure.label).toBe(VERDICT_WITHIN);
    }
  });
});
