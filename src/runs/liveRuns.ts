/**
 * Which runs are live in some tab. The tab recording a run holds a Web Lock named after it for as long as the run
 * is live; the browser releases it when that tab closes, reloads or crashes. A run stored as running or paused whose
 * lock nobody holds was left behind by a tab that is gone: it is marked "interrupted". Opening a second tab
 * therefore leaves the first tab's live run alone.
 */
import type { RunStorage } from './storage';
import type { RunMeta } from './types';

const LOCK_PREFIX = 'srlhfv-live-run:';

/** The parts of the Web Locks API used here (navigator.locks). */
export interface LiveLocks {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function browserLocks(): LiveLocks | null {
  const locks = (globalThis.navigator as { locks?: LiveLocks } | undefined)?.locks;
  return locks ?? null;
}

/** Holds run `id`'s lock until the returned function is called (no-op without Web Locks). */
export function holdLiveMarker(id: string, locks: LiveLocks | null = browserLocks()): () => void {
  if (!locks) return () => {};
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  locks.request(`${LOCK_PREFIX}${id}`, () => held).catch(() => undefined);
  return () => release();
}

/** Ids of the runs some tab holds live, or null when this browser has no Web Locks (nothing can be told). */
export async function liveRunIds(locks: LiveLocks | null = browserLocks()): Promise<Set<string> | null> {
  if (!locks) return null;
  try {
    const { held = [] } = await locks.query();
    return new Set(held.flatMap((lock) => (lock.name?.startsWith(LOCK_PREFIX) ? [lock.name.slice(LOCK_PREFIX.length)] : [])));
  } catch {
    return null;
  }
}

/**
 * Marks running/paused runs that no tab holds live as interrupted, in storage (only if still running/paused there)
 * and in the returned list. `isLive` says whether a run is live (its lock is held, or this tab records it).
 */
export async function markInterrupted(storage: RunStorage, list: readonly RunMeta[], isLive: (id: string) => boolean): Promise<RunMeta[]> {
  const out: (RunMeta | null)[] = [...list];
  for (const [index, meta] of list.entries()) {
    if ((meta.status !== 'running' && meta.status !== 'paused') || isLive(meta.id)) continue;
    try {
      const stored = await storage.updateMeta(meta.id, (current) =>
        current.status === 'running' || current.status === 'paused' ? { ...current, status: 'interrupted' } : null,
      );
      out[index] = stored ?? null; // undefined: deleted meanwhile
    } catch {
      out[index] = { ...meta, status: 'interrupted' }; // storage failed: still say so on screen
    }
  }
  return out.filter((meta): meta is RunMeta => meta !== null);
}
