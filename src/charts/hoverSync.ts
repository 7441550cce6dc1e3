import { useSyncExternalStore } from 'react';

/**
 * The hovered x shared by charts with the same sync id (the synced crosshair and tooltip). A tiny external store:
 * moving the pointer over one chart re-renders only the charts' hover layers, never their curves.
 */
const hovered = new Map<string, number | null>();
const listeners = new Map<string, Set<() => void>>();

export function setHoveredX(syncId: string, x: number | null): void {
  if (hovered.get(syncId) === x) return;
  hovered.set(syncId, x);
  for (const listener of listeners.get(syncId) ?? []) listener();
}

export function useHoveredX(syncId: string): number | null {
  return useSyncExternalStore(
    (listener) => {
      let set = listeners.get(syncId);
      if (!set) listeners.set(syncId, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    () => hovered.get(syncId) ?? null,
  );
}
