import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendInfo, BackendProbeReport } from '../../compute/types';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** The backend probe (src/features/system/backendProbe.ts): what auto measured on this device. */
export interface BackendProbeState {
  status: 'idle' | 'running' | 'done';
  /** The finished (or cached) measurement. */
  report: BackendProbeReport | null;
  /** True when the report was read from this browser's cache rather than measured in this session. */
  cached: boolean;
  /** While running: which candidate is being measured and how far it got. */
  progress: string | null;
}

export interface SystemSlice {
  system: {
    backendChoice: BackendChoice;
    backend: BackendInfo | null;
    /** 'compiling' while the first (warm-up) step compiles kernels. */
    backendState: 'starting' | 'compiling' | 'ready' | 'failed';
    backendError: string | null;
    /** Every notice not dismissed, oldest first (none is ever pushed out; the list groups older ones). */
    notices: Notice[];
    probe: BackendProbeState;
  };
  systemActions: {
    setBackendChoice: (choice: BackendChoice) => void;
    setBackendState: (state: SystemSlice['system']['backendState'], error?: string) => void;
    setBackend: (info: BackendInfo) => void;
    notify: (level: Notice['level'], message: string) => void;
    dismiss: (id: number) => void;
    dismissAll: () => void;
    setProbe: (probe: Partial<BackendProbeState>) => void;
  };
}

let nextNoticeId = 1;

export const createSystemSlice: StateCreator<SystemSlice, [], [], SystemSlice> = (set) => ({
  system: {
    backendChoice: 'auto',
    backend: null,
    backendState: 'starting',
    backendError: null,
    notices: [],
    probe: { status: 'idle', report: null, cached: false, progress: null },
  },
  systemActions: {
    setBackendChoice: (backendChoice) => set((s) => ({ system: { ...s.system, backendChoice } })),
    setBackendState: (backendState, error) =>
      set((s) => ({ system: { ...s.system, backendState, backendError: error ?? null } })),
    setBackend: (backend) => set((s) => ({ system: { ...s.system, backend, backendState: 'ready' } })),
    notify: (level, message) =>
      set((s) =>
        // The same notice twice (e.g. each PPO set-up repeats a data warning) shows once.
        s.system.notices.some((n) => n.level === level && n.message === message)
          ? s
          : { system: { ...s.system, notices: [...s.system.notices, { id: nextNoticeId++, level, message }] } },
      ),
    dismissAll: () => set((s) => ({ system: { ...s.system, notices: [] } })),
    dismiss: (id) =>
      set((s) => ({ system: { ...s.system, notices: s.system.notices.filter((n) => n.id !== id) } })),
    setProbe: (probe) => set((s) => ({ system: { ...s.system, probe: { ...s.system.probe, ...probe } } })),
  },
});
