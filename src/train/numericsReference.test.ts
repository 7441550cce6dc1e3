import { describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { compareFingerprints, verdictText } from '../compute/numerics';
import { CPU_REFERENCE } from './numericsCheck';
import { numericsFingerprint } from './numericsFingerprint';

describe('the shipped cpu reference (numericsReference.json)', () => {
  it('is what the cpu backend computes now (rerun scripts/numerics/reference.ts when this fails)', async () => {
    await setNodeBackend('cpu');
    const now = await numericsFingerprint();
    expect(Object.keys(now).sort()).toEqual(Object.keys(CPU_REFERENCE).sort());
    // Far tighter than the check's tolerance: only a JavaScript engine's last-bit differences in exp/log may remain.
    const verdict = compareFingerprints('cpu', CPU_REFERENCE, now, { relative: 1e-6, floor: 1e-4 });
    expect(verdict.passed, verdictText(verdict)).toBe(true);
  }, 60_000);
});
