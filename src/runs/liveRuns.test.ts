import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { holdLiveMarker, liveRunIds, markInterrupted, type LiveLocks } from './liveRuns';
import { RunStorage } from './storage';
import { makeTestRun } from './testRun';
import { metaOf } from './types';

/** Web Locks for one origin, shared by the "tabs" of a test. */
function fakeLocks(): LiveLocks {
  const held = new Set<string>();
  return {
    async request(name, callback) {
      held.add(name);
      try {
        await callback();
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })) }),
  };
}

describe('live runs across tabs', () => {
  it('marks interrupted only the running or paused runs whose tab is gone', async () => {
    const locks = fakeLocks();
    const factory = new IDBFactory();
    const firstTab = new RunStorage(factory);
    for (const [id, status] of [['live', 'running'], ['orphan', 'running'], ['paused-orphan', 'paused'], ['done', 'finished']] as const) {
      await firstTab.put(makeTestRun(id, 3, { status, endedAt: null }));
    }
    const release = holdLiveMarker('live', locks); // the first tab is recording "live"

    // A second tab opens and loads the list.
    const secondTab = new RunStorage(factory);
    const held = await liveRunIds(locks);
    expect([...held!]).toEqual(['live']);
    const list = await markInterrupted(secondTab, await secondTab.list(), (id) => held!.has(id));
    const statusOf = (metas: { id: string; status: string }[]) => Object.fromEntries(metas.map((m) => [m.id, m.status]));
    expect(statusOf(list)).toEqual({ live: 'running', orphan: 'interrupted', 'paused-orphan': 'interrupted', done: 'finished' });
    expect(statusOf(await firstTab.list())).toEqual(statusOf(list));

    // The first tab closes (its lock goes): the next tab to load marks it.
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const heldNow = await liveRunIds(locks);
    expect(heldNow!.size).toBe(0);
    const later = await markInterrupted(secondTab, await secondTab.list(), (id) => heldNow!.has(id));
    expect(statusOf(later).live).toBe('interrupted');
  });

  it('does not overwrite a run that finished meanwhile, and drops one deleted meanwhile', async () => {
    const storage = new RunStorage(new IDBFactory());
    const stale = [metaOf(makeTestRun('finished-since', 3, { status: 'running' })), metaOf(makeTestRun('deleted-since', 3, { status: 'running' }))];
    await storage.put(makeTestRun('finished-since', 3, { status: 'finished' }));
    const list = await markInterrupted(storage, stale, () => false);
    expect(list.map((m) => [m.id, m.status])).toEqual([['finished-since', 'finished']]);
  });

  it('says nothing can be told without Web Locks', async () => {
    expect(await liveRunIds(null)).toBeNull();
    expect(() => holdLiveMarker('x', null)()).not.toThrow();
  });
});
