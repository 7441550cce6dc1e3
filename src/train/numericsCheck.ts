// The numerics check of a backend: its fingerprint (./numericsFingerprint.ts) against the cpu backend's, either the
// shipped one (start-up: no cpu pass needed) or one computed now (the compute panel's button).
import * as tf from '@tensorflow/tfjs';
import { compareFingerprints, type NumericsFingerprint, type NumericsVerdict } from '../compute/numerics';
import { numericsFingerprint } from './numericsFingerprint';
import shippedReference from './numericsReference.json';

/** cpu's fingerprint as shipped (scripts/numerics/reference.ts writes it; a unit test keeps it current). */
export const CPU_REFERENCE: NumericsFingerprint = shippedReference;

/** Checks the active backend against the shipped cpu numbers. The cpu backend, the reference itself, passes as is. */
export async function checkActiveBackend(): Promise<NumericsVerdict> {
  const backend = tf.getBackend();
  const candidate = backend === 'cpu' ? CPU_REFERENCE : await numericsFingerprint();
  return compareFingerprints(backend, CPU_REFERENCE, candidate);
}

/**
 * Checks `backend` against cpu numbers computed now (both passes run here; the active backend is restored).
 * Returns the verdict and how long the candidate's pass took.
 */
export async function checkAgainstLiveCpu(backend: string): Promise<{ verdict: NumericsVerdict; ms: number }> {
  const original = tf.getBackend();
  try {
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
    const reference = await numericsFingerprint();
    if (!(await tf.setBackend(backend))) throw new Error(`${backend} failed to initialise`);
    const start = performance.now();
    const candidate = await numericsFingerprint();
    return { verdict: compareFingerprints(backend, reference, candidate), ms: performance.now() - start };
  } finally {
    if (original && tf.getBackend() !== original) await tf.setBackend(original);
  }
}
