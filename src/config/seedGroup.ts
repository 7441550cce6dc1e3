import { PARAMS, type ExperimentConfig } from './params';

/**
 * A seed group: the same settings run with seeds s, s+1, …, s+K−1 (K = config.seeds). Each member is exactly the solo
 * run with its seed: its config is the group's with `seed` set and `seeds` = 1, so nothing else can differ.
 */
export const MAX_GROUP_SEEDS = PARAMS.seeds.max;

/** The seeds of the group a config describes: s … s+K−1, kept within the seed setting's range. */
export function groupSeeds(config: Pick<ExperimentConfig, 'seed' | 'seeds'>): number[] {
  const count = Math.max(1, Math.min(MAX_GROUP_SEEDS, Math.floor(config.seeds)));
  // Near the top of the range the group counts down instead, so every seed stays valid.
  const first = Math.min(config.seed, PARAMS.seed.max - count + 1);
  return Array.from({ length: count }, (_, index) => first + index);
}

/**
 * The seed that stands for a group where one policy is shown (generations, the Guard's current checkpoint, the λ
 * explanation): its first, as SeedGroupEngine.first. Undefined for one seed (or no config).
 */
export function shownGroupSeed(config: Pick<ExperimentConfig, 'seed' | 'seeds'> | null | undefined): number | undefined {
  return config && config.seeds > 1 ? groupSeeds(config)[0] : undefined;
}

/** The config of the member with `seed`: the solo run with that seed. */
export function memberConfig(config: ExperimentConfig, seed: number): ExperimentConfig {
  return { ...config, seed, seeds: 1 };
}

/** The seeds s … s+K−1 in `parts` contiguous shares, in order (sizes differ by at most one; none empty). */
export function seedShares(seeds: readonly number[], parts: number): number[][] {
  const shares: number[][] = [];
  let at = 0;
  for (let part = 0; part < parts; part++) {
    const count = Math.floor(seeds.length / parts) + (part < seeds.length % parts ? 1 : 0);
    if (count > 0) shares.push(seeds.slice(at, at + count));
    at += count;
  }
  return shares;
}
