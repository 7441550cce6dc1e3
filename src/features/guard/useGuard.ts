import { useAppStore } from '../../state/store';

export const useGuardState = () => useAppStore((s) => s.guard);
export const useGuardThreshold = () => useAppStore((s) => s.guard.threshold);
export const useGuardActions = () => useAppStore((s) => s.guardActions);
