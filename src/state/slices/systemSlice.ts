import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendInfo } from '../../compute/types';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface SystemSlice {
  system: {
    backendChoice: BackendChoice;
    backend: BackendInfo | null;
    /** 'compiling' while the first (warm-up) step compiles kernels. */
    backendState: 'starting' | 'compiling' | 'ready' | 'failed';
    backendError: string | null;
    notices: Notice[];
  };
  systemActions: {
    setBackendChoice: (choice: BackendChoice) => void;
    setBackendState: (state: SystemSlice['system']['backendState'], error?: string) => void;
    setBackend: (info: BackendInfo) => void;
    notify: (level: Notice['level'], message: string) => void;
    dismiss: (id: number) => void;
  };
}

let nextNoticeId = 1;

export const createSystemSlice: StateCreator<SystemSlice, [], [], SystemSlice> = (set) => ({
  system: { backendChoice: 'auto', backend: null, backendState: 'starting', backendError: null, notices: [] },
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
          : { system: { ...s.system, notices: [...s.system.notices.slice(-4), { id: nextNoticeId++, level, message }] } },
      ),
    dismiss: (id) => set((s) => ({ system: { ...s.system, notices: s.system.notices.filter((n) => n.id !== id) } })),
  },
});
