// Comparison of a backend's numbers with the cpu backend's (the numerics check). Pure: no TensorFlow.js here; the
// numbers themselves come from src/train/numericsFingerprint.ts.

/**
 * Named scalars from one forward and backward pass on a fixed batch: each model's loss, the L2 norm of its gradient
 * for every variable, and a few outputs (logits, scores). Names look like "policy ∇gru/wh" or "policy logit[0]".
 */
export type NumericsFingerprint = Record<string, number>;

/**
 * A value passes when |candidate − reference| ≤ relative · max(|reference|, floor): relative error, except that
 * values nearer 0 than `floor` are compared in absolute terms (a gradient norm of 1e-9 is 0 for this purpose).
 * 1e-3 leaves float32 summation-order differences (wasm and webgpu measured ≤ 1e-5 against cpu) far inside and
 * catches a wrong kernel (tfjs issue 8590's all-zero RNN gradients are a deviation of 1).
 */
export interface NumericsTolerance {
  relative: number;
  floor: number;
}

export const NUMERICS_TOLERANCE: NumericsTolerance = { relative: 1e-3, floor: 1e-4 };

export interface NumericsDeviation {
  name: string;
  reference: number;
  candidate: number;
  /** |candidate − reference| / max(|reference|, floor); Infinity for a missing or non-finite value. */
  deviation: number;
}

export interface NumericsVerdict {
  backend: string;
  passed: boolean;
  /** The largest scaled deviation over every compared value (0 when all agree exactly). */
  maxDeviation: number;
  /** The value with the largest deviation (null only when nothing was compared). */
  worst: NumericsDeviation | null;
  /** Every value outside the tolerance, largest first. */
  failures: NumericsDeviation[];
  tolerance: NumericsTolerance;
  /** How many values were compared. */
  compared: number;
}

/** |c − r| / max(|r|, floor); Infinity when either is missing or not finite (NaN never passes). */
export function scaledDeviation(reference: number | undefined, candidate: number | undefined, floor: number): number {
  if (reference === undefined || candidate === undefined) return Infinity;
  if (!Number.isFinite(reference) || !Number.isFinite(candidate)) return Infinity;
  return Math.abs(candidate - reference) / Math.max(Math.abs(reference), floor);
}

/** Compares every value of the reference (cpu) fingerprint with the candidate's. */
export function compareFingerprints(
  backend: string,
  reference: NumericsFingerprint,
  candidate: NumericsFingerprint,
  tolerance: NumericsTolerance = NUMERICS_TOLERANCE,
): NumericsVerdict {
  const rows: NumericsDeviation[] = Object.keys(reference).map((name) => ({
    name,
    reference: reference[name],
    candidate: candidate[name],
    deviation: scaledDeviation(reference[name], candidate[name], tolerance.floor),
  }));
  const sorted = [...rows].sort((a, b) => b.deviation - a.deviation);
  const failures = sorted.filter((row) => !(row.deviation <= tolerance.relative));
  const worst = sorted[0] ?? null;
  return {
    backend,
    passed: rows.length > 0 && failures.length === 0,
    maxDeviation: worst?.deviation ?? 0,
    worst,
    failures,
    tolerance,
    compared: rows.length,
  };
}

function number(x: number | undefined): string {
  return x === undefined ? 'missing' : Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

function deviationText(x: number): string {
  return Number.isFinite(x) ? x.toExponential(1) : 'not finite';
}

/**
 * One line for a notice or the panel, e.g. "webgpu refused by the numerics check: policy ∇gru/wh is 0.00000 on
 * webgpu, 0.123456 on cpu (deviation 1.0e+0, tolerance 1.0e-3; 3 of 40 values outside)".
 */
export function verdictText(verdict: NumericsVerdict): string {
  const tol = verdict.tolerance.relative.toExponential(1);
  if (verdict.compared === 0) return `${verdict.backend}: the numerics check compared nothing`;
  if (verdict.passed) {
    return `${verdict.backend} passed the numerics check: ${verdict.compared} values within ${tol} of cpu (largest deviation ${deviationText(verdict.maxDeviation)}${verdict.worst ? `, ${verdict.worst.name}` : ''})`;
  }
  const w = verdict.failures[0];
  return (
    `${verdict.backend} refused by the numerics check: ${w.name} is ${number(w.candidate)} on ${verdict.backend}, ` +
    `${number(w.reference)} on cpu (deviation ${deviationText(w.deviation)}, tolerance ${tol}; ` +
    `${verdict.failures.length} of ${verdict.compared} values outside)`
  );
}

/** What a run record keeps of the check that cleared its backend. */
export interface NumericsStamp {
  backend: string;
  passed: boolean;
  /** Largest scaled deviation from cpu (0 for cpu, the reference itself; null when a value was not finite). */
  maxDeviation: number | null;
  /** The value it was measured on. */
  worst: string | null;
  tolerance: number;
}

export function stampOf(verdict: NumericsVerdict): NumericsStamp {
  return {
    backend: verdict.backend,
    passed: verdict.passed,
    maxDeviation: Number.isFinite(verdict.maxDeviation) ? verdict.maxDeviation : null,
    worst: verdict.worst?.name ?? null,
    tolerance: verdict.tolerance.relative,
  };
}
