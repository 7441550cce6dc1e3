import type { StateCreator } from 'zustand';
import type { Fallback, FlagSeverity } from '../../train/guardLoop';
import type {
  BatchModerationResult,
  BatchSplit,
  ModerationRunResult,
  PolicyChoice,
  SampleModeration,
} from '../../worker/guardHandlers';

/** One guard job's lifecycle; results stay in the store so switching areas never loses them. */
export type GuardJobState =
  | { status: 'idle' }
  | { status: 'running'; progress: number | null; message: string }
  | { status: 'error'; message: string };

export interface RegenerateSettings {
  policy: PolicyChoice;
  prompts: number;
  maxRounds: number;
  flagAtSeverity: FlagSeverity;
  screenQuery: boolean;
  fallback: Fallback;
}

export const DEFAULT_REGENERATE_SETTINGS: RegenerateSettings = {
  policy: 'sft',
  prompts: 32,
  maxRounds: 5,
  flagAtSeverity: 'minor',
  screenQuery: false,
  fallback: 'refusal',
};

export interface GuardSlice {
  guard: {
    /** Decision threshold on the guard's unsafe probability: flagged ⇔ p ≥ threshold. */
    threshold: number;
    sample: SampleModeration | null;
    sampleJob: GuardJobState;
    regenerate: RegenerateSettings;
    run: ModerationRunResult | null;
    runJob: GuardJobState;
    batchSplit: BatchSplit;
    batch: BatchModerationResult | null;
    batchJob: GuardJobState;
  };
  guardActions: {
    setThreshold: (threshold: number) => void;
    setSample: (sample: SampleModeration | null) => void;
    setSampleJob: (job: GuardJobState) => void;
    setRegenerate: <K extends keyof RegenerateSettings>(key: K, value: RegenerateSettings[K]) => void;
    setRun: (run: ModerationRunResult | null) => void;
    setRunJob: (job: GuardJobState) => void;
    setBatchSplit: (split: BatchSplit) => void;
    setBatch: (batch: BatchModerationResult | null) => void;
    setBatchJob: (job: GuardJobState) => void;
  };
}

export const createGuardSlice: StateCreator<GuardSlice, [], [], GuardSlice> = (set) => {
  const patch = (part: Partial<GuardSlice['guard']>) => set((s) => ({ guard: { ...s.guard, ...part } }));
  return {
    guard: {
      threshold: 0.5,
      sample: null,
      sampleJob: { status: 'idle' },
      regenerate: DEFAULT_REGENERATE_SETTINGS,
      run: null,
      runJob: { status: 'idle' },
      batchSplit: 'evaluation',
      batch: null,
      batchJob: { status: 'idle' },
    },
    guardActions: {
      setThreshold: (threshold) => patch({ threshold: Math.min(1, Math.max(0, threshold)) }),
      setSample: (sample) => patch({ sample }),
      setSampleJob: (sampleJob) => patch({ sampleJob }),
      setRegenerate: (key, value) =>
        set((s) => ({ guard: { ...s.guard, regenerate: { ...s.guard.regenerate, [key]: value } } })),
      setRun: (run) => patch({ run }),
      setRunJob: (runJob) => patch({ runJob }),
      setBatchSplit: (batchSplit) => patch({ batchSplit }),
      setBatch: (batch) => patch({ batch }),
      setBatchJob: (batchJob) => patch({ batchJob }),
    },
  };
};
