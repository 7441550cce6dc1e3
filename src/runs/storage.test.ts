import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunStorage, RunStorageError } from './storage';
import { makeTestRun } from './testRun';

describe('RunStorage (fake-indexeddb)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('puts, lists (oldest first), gets with full-resolution metrics, edits and deletes', async () => {
    const storage = new RunStorage(new IDBFactory());
    await storage.put(makeTestRun('b', 3, { seq: 2 }));
    await storage.put(makeTestRun('a', 400, { seq: 1 }));
    expect((await storage.list()).map((meta) => meta.id)).toEqual(['a', 'b']);
    expect(await storage.list()).not.toHaveProperty('0.metrics');
    const a = (await storage.get('a'))!;
    expect(a.metrics.rows).toBeInstanceOf(Float64Array);
    expect(a.metrics.rows).toEqual(makeTestRun('a', 400).metrics.rows);
    expect(Number.isNaN(a.metrics.rows[a.metrics.columns.indexOf('costCriticLoss')])).toBe(true);
    await storage.putMeta({ ...(await storage.list())[0], name: 'renamed', tags: ['x', 'y'] });
    expect((await storage.get('a'))!).toMatchObject({ name: 'renamed', tags: ['x', 'y'] });
    expect((await storage.get('a'))!.metrics.rows.length).toBe(a.metrics.rows.length);
    await storage.delete('a');
    expect(await storage.get('a')).toBeUndefined();
    expect((await storage.list()).map((meta) => meta.id)).toEqual(['b']);
  });

  it('counts completed iterations, also for runs saved before summaries did (one too few then)', async () => {
    const storage = new RunStorage(new IDBFactory());
    const current = makeTestRun('new', 200); // rows 0 … 199
    expect(current.summary).toMatchObject({ iterations: 200, version: 2 });
    const { version: _version, ...oldSummary } = { ...current.summary, iterations: 199 };
    await storage.put({ ...current, id: 'old', summary: oldSummary });
    await storage.put(current);
    for (const meta of await storage.list()) expect(meta.summary.iterations).toBe(200);
    expect((await storage.get('old'))!.summary.iterations).toBe(200);
  });

  it('a quota error gives a clear message and deletes nothing', async () => {
    const storage = new RunStorage(new IDBFactory());
    await storage.put(makeTestRun('keep', 10));
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if (this.name === 'data') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.call(this, value, key);
    });
    const error = await storage.put(makeTestRun('big', 1000, { name: 'big run' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunStorageError);
    expect((error as RunStorageError).kind).toBe('quota');
    expect((error as RunStorageError).message).toMatch(
      /Browser storage is full, so run “big run” could not be saved/,
    );
    // The meta write in the same transaction was rolled back; the earlier run is intact.
    expect((await storage.list()).map((meta) => meta.id)).toEqual(['keep']);
    expect((await storage.get('keep'))!.metrics.rows.length).toBe(
      makeTestRun('keep', 10).metrics.rows.length,
    );
  });

  it('a quota abort of the transaction is reported the same way', async () => {
    const storage = new RunStorage(new IDBFactory());
    await storage.put(makeTestRun('keep', 2));
    const aborted = new Set<IDBTransaction>();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore) {
      // What a browser does when the commit exceeds the quota: the transaction aborts with a QuotaExceededError.
      const tx = this.transaction;
      if (!aborted.has(tx)) {
        aborted.add(tx);
        Object.defineProperty(tx, 'error', { value: new DOMException('quota', 'QuotaExceededError') });
        queueMicrotask(() => tx.abort());
      }
      return {} as IDBRequest<IDBValidKey>;
    });
    const error = (await storage.put(makeTestRun('next', 2)).catch((e: unknown) => e)) as RunStorageError;
    expect(error.kind).toBe('quota');
    vi.restoreAllMocks();
    expect((await storage.list()).map((meta) => meta.id)).toEqual(['keep']);
  });

  it('saveRecorded keeps the stored name, tags and notes, and writes nothing for a run deleted since', async () => {
    const storage = new RunStorage(new IDBFactory());
    const run = makeTestRun('live', 2, { status: 'running', name: 'auto name', tags: [], notes: '' });
    expect(await storage.saveRecorded(run, true)).toMatchObject({ name: 'auto name' });
    await storage.updateMeta('live', (meta) => ({ ...meta, name: 'mine', notes: 'n' }));
    const stored = await storage.saveRecorded(makeTestRun('live', 4, { status: 'running', name: 'auto name', tags: [], notes: '' }), false);
    expect(stored).toMatchObject({ name: 'mine', notes: 'n', summary: { iterations: 4 } });
    await storage.delete('live');
    expect(await storage.saveRecorded(run, false)).toBeNull();
    expect(await storage.list()).toEqual([]);
    expect(await storage.updateMeta('live', (meta) => meta)).toBeUndefined();
  });

  it('saveRecorded renames a run still under the automatic name it replaces, never one a person renamed', async () => {
    const storage = new RunStorage(new IDBFactory());
    const live = (name: string) => makeTestRun('live', 2, { status: 'running', name, tags: [], notes: '' });
    await storage.saveRecorded(live('ppo-lag thr −0.5 #1'), true);
    expect(await storage.saveRecorded(live('ppo-lag thr −0.5→−1@9 #1'), false, 'ppo-lag thr −0.5 #1')).toMatchObject({
      name: 'ppo-lag thr −0.5→−1@9 #1',
    });
    await storage.updateMeta('live', (meta) => ({ ...meta, name: 'mine' }));
    expect(await storage.saveRecorded(live('ppo-lag thr −0.5→−2@20 #1'), false, 'ppo-lag thr −0.5→−1@9 #1')).toMatchObject({ name: 'mine' });
  });

  it('saveRecorded reports a quota error thrown inside its transaction', async () => {
    const storage = new RunStorage(new IDBFactory());
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = (await storage.saveRecorded(makeTestRun('x', 2), true).catch((e: unknown) => e)) as RunStorageError;
    expect(error).toBeInstanceOf(RunStorageError);
    expect(error.kind).toBe('quota');
  });

  it('without IndexedDB it says so instead of throwing later', async () => {
    const storage = new RunStorage(null);
    await expect(storage.list()).rejects.toThrow(/no IndexedDB/);
  });
});
