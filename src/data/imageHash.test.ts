import { describe, expect, it } from 'vitest';
import { duplicateReport, sha256Hex, splitByImageHash } from './imageHash';
import { loadBundledSampleNode } from './nodeSample';

describe('image hashing', () => {
  it('hashes bytes with SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds the sample’s duplicate images, including cross-split ones', async () => {
    const { records, imageBytes } = await loadBundledSampleNode();
    const hashes = new Map(await Promise.all([...imageBytes].map(async ([id, bytes]) => [id, await sha256Hex(bytes)] as const)));
    const report = duplicateReport(records, hashes);
    expect(report.duplicateRecords).toBeGreaterThanOrEqual(3);
    expect(report.crossSplitImages).toBeGreaterThanOrEqual(1);
    expect(report.images + report.duplicateRecords).toBe(2000);

    // A hash split never puts one image on both sides, and is deterministic per seed.
    const split = splitByImageHash(records, hashes, 0.2, 'seed-1');
    const sides = new Map<string, Set<string>>();
    for (const record of records) {
      const hash = hashes.get(record.id)!;
      if (!sides.has(hash)) sides.set(hash, new Set());
      sides.get(hash)!.add(split.get(record.id)!);
    }
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    const evaluation = [...split.values()].filter((s) => s === 'evaluation').length / records.length;
    expect(evaluation).toBeGreaterThan(0.15);
    expect(evaluation).toBeLessThan(0.25);
    expect(splitByImageHash(records, hashes, 0.2, 'seed-1')).toEqual(split);
    expect(splitByImageHash(records, hashes, 0.2, 'seed-2')).not.toEqual(split);
  });
});
