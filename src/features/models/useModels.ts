import { useAppStore } from '../../state/store';

export const useModels = () => useAppStore((s) => s.models);

/** Percent with one decimal ("87.5"), or "—" when there is no number. */
export function percent(value: number | undefined | null): string {
  return value === undefined || value === null || !Number.isFinite(value) ? '—' : (value * 100).toFixed(1);
}
