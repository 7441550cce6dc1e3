/**
 * Run history in IndexedDB: database `srlhfv-runs`, store `meta` (RunMeta, small, listed on load) and store `data`
 * (metrics at full resolution as Float64Arrays, evaluations, generations). A run's meta and data are written in one
 * transaction, so a failed write (e.g. the quota) leaves the previous version intact; nothing is ever deleted to make
 * room.
 */
import type { RunData, RunMeta, RunRecord } from './types';
import { currentSummary } from './series';

export const RUNS_DB = 'srlhfv-runs';
const DB_VERSION = 1;

export type RunStorageErrorKind = 'quota' | 'unavailable' | 'failed';

export class RunStorageError extends Error {
  constructor(
    readonly kind: RunStorageErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RunStorageError';
  }
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** What went wrong, said plainly; `what` names the run or action. */
export function storageError(error: unknown, what: string): RunStorageError {
  if (error instanceof RunStorageError) return error;
  if (isQuotaError(error)) {
    return new RunStorageError(
      'quota',
      `Browser storage is full, so ${what} could not be saved (QuotaExceededError). Nothing stored was deleted: ` +
        'export runs you want to keep as bundles and delete old ones to make room.',
    );
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new RunStorageError('failed', `Could not save ${what} to browser storage (${detail}).`);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('Transaction aborted', 'AbortError'));
  });
}

export class RunStorage {
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory | null = globalThis.indexedDB ?? null,
    private readonly name = RUNS_DB,
  ) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const factory = this.factory;
      if (!factory) {
        return Promise.reject(
          new RunStorageError('unavailable', 'This browser has no IndexedDB, so runs cannot be kept.'),
        );
      }
      this.db = new Promise<IDBDatabase>((resolve, reject) => {
        const req = factory.open(this.name, DB_VERSION);
        req.onupgradeneeded = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'id' });
          if (!db.objectStoreNames.contains('data')) db.createObjectStore('data', { keyPath: 'id' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () =>
          reject(
            new RunStorageError(
              'unavailable',
              `Browser storage could not be opened (${req.error?.message ?? 'unknown error'}).`,
            ),
          );
        req.onblocked = () =>
          reject(new RunStorageError('unavailable', 'Browser storage is blocked by another tab.'));
      });
      this.db.catch(() => (this.db = null));
    }
    return this.db;
  }

  /** Every run's meta, oldest first. */
  async list(): Promise<RunMeta[]> {
    const db = await this.open();
    const metas = await request(db.transaction('meta').objectStore('meta').getAll() as IDBRequest<RunMeta[]>);
    return metas.map((meta) => ({ ...meta, summary: currentSummary(meta.summary) })).sort((a, b) => a.seq - b.seq);
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const db = await this.open();
    const tx = db.transaction(['meta', 'data']);
    const [meta, data] = await Promise.all([
      request(tx.objectStore('meta').get(id) as IDBRequest<RunMeta | undefined>),
      request(tx.objectStore('data').get(id) as IDBRequest<RunData | undefined>),
    ]);
    if (!meta) return undefined;
    const { id: _id, ...rest } = data ?? {
      id,
      metrics: { columns: [], rows: new Float64Array(0) },
      evaluations: { columns: [], rows: new Float64Array(0) },
      generations: [],
    };
    return { ...meta, summary: currentSummary(meta.summary), ...rest };
  }

  /** Writes meta and data together (all or nothing). */
  async put(run: RunRecord): Promise<void> {
    const { metrics, evaluations, generations, ...meta } = run;
    await this.write(['meta', 'data'], `run “${run.name}”`, (tx) => {
      tx.objectStore('meta').put(meta);
      tx.objectStore('data').put({ id: run.id, metrics, evaluations, generations } satisfies RunData);
    });
  }

  /** Name, tags, notes, status edits. */
  async putMeta(meta: RunMeta): Promise<void> {
    await this.write(['meta'], `run “${meta.name}”`, (tx) => tx.objectStore('meta').put(meta));
  }

  /**
   * Read-modify-write of one run's meta in one transaction, so edits from several tabs (or the recorder) never
   * overwrite each other's fields with stale copies. `update` returns the new meta, or null to leave it. Resolves
   * to what is stored afterwards, or undefined when the run is not stored (deleted).
   */
  async updateMeta(id: string, update: (meta: RunMeta) => RunMeta | null, what = 'the edit'): Promise<RunMeta | undefined> {
    let result: RunMeta | undefined;
    await this.write(['meta'], what, (tx, fail) => {
      const store = tx.objectStore('meta');
      const req = store.get(id) as IDBRequest<RunMeta | undefined>;
      req.onsuccess = () => {
        if (!req.result) return;
        result = req.result;
        try {
          const next = update(req.result);
          if (next) store.put((result = next));
        } catch (error) {
          fail(error);
        }
      };
    });
    return result;
  }

  /**
   * The recorder's write of a live run, in one transaction. The user owns name, tags and notes: once the run is
   * stored, those come from storage (edits from any tab survive). A run that was stored before (`firstWrite`
   * false) and is gone was deleted: nothing is written and the result is null, so a deleted run never comes back.
   * Otherwise resolves to the meta as stored.
   */
  /**
   * `autoNameBefore`: the automatic name the recorder replaced (a live edit renamed the run for what it ran); the
   * stored name gives way to run.name only while it still is that automatic name, never when a person renamed it.
   */
  async saveRecorded(run: RunRecord, firstWrite: boolean, autoNameBefore?: string): Promise<RunMeta | null> {
    const { metrics, evaluations, generations, ...meta } = run;
    let result: RunMeta | null = null;
    await this.write(['meta', 'data'], `run “${run.name}”`, (tx, fail) => {
      const store = tx.objectStore('meta');
      const req = store.get(run.id) as IDBRequest<RunMeta | undefined>;
      req.onsuccess = () => {
        const stored = req.result;
        if (!stored && !firstWrite) return;
        const name = stored && !(autoNameBefore !== undefined && stored.name === autoNameBefore) ? stored.name : meta.name;
        const merged: RunMeta = stored ? { ...meta, name, tags: stored.tags, notes: stored.notes } : meta;
        try {
          store.put(merged);
          tx.objectStore('data').put({ id: run.id, metrics, evaluations, generations } satisfies RunData);
          result = merged;
        } catch (error) {
          fail(error);
        }
      };
    });
    return result;
  }

  async delete(id: string): Promise<void> {
    await this.write(['meta', 'data'], 'the deletion', (tx) => {
      tx.objectStore('meta').delete(id);
      tx.objectStore('data').delete(id);
    });
  }

  /** One readwrite transaction; `fail` (for errors inside request callbacks) aborts it and rejects with that error. */
  private async write(stores: string[], what: string, body: (tx: IDBTransaction, fail: (error: unknown) => void) => void): Promise<void> {
    const db = await this.open();
    let failure: { error: unknown } | null = null;
    try {
      const tx = db.transaction(stores, 'readwrite');
      const finished = done(tx);
      const fail = (error: unknown) => {
        failure ??= { error };
        tx.abort();
      };
      try {
        body(tx, fail);
      } catch (error) {
        tx.abort();
        finished.catch(() => undefined);
        throw error;
      }
      await finished.catch((error: unknown) => {
        throw failure ? failure.error : error;
      });
    } catch (error) {
      throw storageError(error, what);
    }
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = null;
  }
}
