// The backend probe's worker side. The UI starts a separate instance of the trainer worker per candidate backend
// (src/features/system/backendProbe.ts) and calls probeBackend there, so a slow backend can be stopped at the time
// budget by ending that worker, without touching the trainer worker the app trains in.
import { configureWasmThreads } from '../compute/browserBackends';
import { stampOf, verdictText, type NumericsStamp } from '../compute/numerics';
import { trySetBackend } from '../compute/select';
import type { BackendName } from '../compute/types';
import { Vocabulary, type VocabularyJson } from '../data/tokenizer';
import { timeEngineIterations, type ProbeProgress, type ProbeTiming } from '../train/backendProbe';
import { checkActiveBackend } from '../train/numericsCheck';
import { errorText } from '../util/errorText';

/** Stages the UI hears about while it waits (the last one heard says where a cut-off probe was). */
export type ProbeEvent =
  | { stage: 'started' }
  | { stage: 'backend-ready' }
  | { stage: 'timed'; msPerIteration: number }
  | { stage: 'checked'; numerics: NumericsStamp; detail: string }
  | ProbeProgress;

export interface ProbeOutcome {
  outcome: 'measured' | 'refused' | 'unavailable';
  msPerIteration: number | null;
  iterationMs: number[];
  numerics: NumericsStamp | null;
  detail: string;
}

/** The vocabulary size of the shipped weights (the policy head's width), or a close stand-in when unreadable. */
async function shippedVocabularySize(): Promise<number> {
  try {
    const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
    const response = await fetch(new URL(`${base}weights/vocab.json`, globalThis.location?.href ?? 'http://localhost/'));
    return Vocabulary.fromJSON((await response.json()) as VocabularyJson).size;
  } catch {
    // Measured with the stand-in size below; the head's width changes the time only slightly.
  }
  return 540;
}

export const probeHandlers = {
  /**
   * One candidate: start it (the same wasm build as the trainer: `wasmThreads`), the engine's iterations
   * (src/train/backendProbe.ts), then the numerics check against cpu (after the timing, so that a backend cut off by
   * the budget still shows how far its iterations got; a backend is picked only when both finished). Progress goes
   * to `onEvent` as it happens.
   */
  async probeBackend(
    name: BackendName,
    timing: ProbeTiming,
    wasmThreads: number | null,
    onEvent: (event: ProbeEvent) => void,
  ): Promise<ProbeOutcome> {
    onEvent({ stage: 'started' });
    if (name === 'wasm') configureWasmThreads(wasmThreads);
    const failure = await trySetBackend(name);
    if (failure) return { outcome: 'unavailable', msPerIteration: null, iterationMs: [], numerics: null, detail: failure };
    onEvent({ stage: 'backend-ready' });
    const vocabSize = await shippedVocabularySize();
    let timed: { msPerIteration: number; iterationMs: number[] };
    try {
      timed = await timeEngineIterations(vocabSize, timing, onEvent);
    } catch (error) {
      // E.g. the engine's NaN/Inf guard halting on a backend with broken kernels.
      const detail = `the engine failed: ${errorText(error)}`;
      return { outcome: 'unavailable', msPerIteration: null, iterationMs: [], numerics: null, detail };
    }
    onEvent({ stage: 'timed', msPerIteration: timed.msPerIteration });
    const verdict = await checkActiveBackend();
    const numerics = stampOf(verdict);
    const detail = verdictText(verdict);
    onEvent({ stage: 'checked', numerics, detail });
    if (!verdict.passed) return { outcome: 'refused', msPerIteration: timed.msPerIteration, iterationMs: timed.iterationMs, numerics, detail };
    return { outcome: 'measured', ...timed, numerics, detail };
  },
};

export type ProbeApi = typeof probeHandlers;
