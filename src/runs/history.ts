/**
 * Run history on the main thread: opens the IndexedDB store, loads the run list into the store, records PPO runs
 * from the engine's status events, and offers the edits the Runs area needs. Started once from main.tsx.
 */
import { onStatus } from '../worker/statusBus';
import { flush, metricTable } from '../metrics/metricsHub';
import { useAppStore } from '../state/store';
import { pilotForConfig } from '../state/costPilot';
import type { GenerationSample } from '../train/ppo/types';
import { trainer } from '../worker/client';
import { errorText } from '../util/errorText';
import { MAX_BUNDLE_BYTES, parseBundle, type BundleParse } from './bundle';
import { holdLiveMarker, liveRunIds, markInterrupted } from './liveRuns';
import { RunRecorder } from './recorder';
import { seriesFromColumns } from './series';
import { RunStorage, storageError } from './storage';
import { metaOf, type MetricSeries, type RunMeta, type RunRecord } from './types';

let storage: RunStorage | null = null;
let recorder: RunRecorder | null = null;
let lastSeq = 0;
/** Full records loaded for comparison, invalidated whenever a run's meta changes. */
const cache = new Map<string, Promise<RunRecord | undefined>>();

/** Tells the other tabs of this app about saved and deleted runs, so every Runs list stays current. */
type RunsMessage = { type: 'saved'; meta: RunMeta; restored?: boolean } | { type: 'deleted'; id: string };
let channel: BroadcastChannel | null = null;
/** Runs deleted while this page is open: a late "saved" message (sent just before the delete) must not revive them. */
const deletedHere = new Set<string>();

function broadcast(message: RunsMessage): void {
  try {
    channel?.postMessage(message);
  } catch {
    // A closed channel (page going away): the other tabs catch up from storage on their next load.
  }
}

function received(message: RunsMessage): void {
  if (message?.type === 'saved' && message.meta && typeof message.meta.id === 'string') {
    if (message.restored) deletedHere.delete(message.meta.id);
    else if (deletedHere.has(message.meta.id)) return;
    cache.delete(message.meta.id);
    runs().upsert(message.meta);
  } else if (message?.type === 'deleted' && typeof message.id === 'string') {
    deletedHere.add(message.id);
    cache.delete(message.id);
    recorder?.runDeleted(message.id);
    runs().remove(message.id);
  }
}

const runs = () => useAppStore.getState().runsActions;
const notify = (level: 'info' | 'warning' | 'error', message: string) =>
  useAppStore.getState().systemActions.notify(level, message);

export function runStorage(): RunStorage {
  storage ??= new RunStorage();
  return storage;
}

function nextSeq(): number {
  const listed = useAppStore.getState().runs.list.reduce((max, run) => Math.max(max, run.seq), 0);
  lastSeq = Math.max(lastSeq, listed) + 1;
  return lastSeq;
}

function readStream(stream: 'ppo' | 'ppo-eval'): MetricSeries | null {
  const table = metricTable(stream);
  if (!table) return null;
  return seriesFromColumns(
    table.columns,
    table.columns.map((name) => table.column(name)),
    table.length,
  );
}

/** The engine's held-out generations at the end of a run (stored with the run and its bundle). */
async function fetchGenerations(): Promise<GenerationSample[] | null> {
  try {
    const samples = await trainer().ppoGenerations();
    return Array.isArray(samples) ? samples : null;
  } catch {
    return null;
  }
}

function saved(meta: RunMeta, restored = false): void {
  cache.delete(meta.id);
  runs().upsert(meta);
  broadcast({ type: 'saved', meta, restored });
}

/**
 * Resolves when the last run that ended is in the run list with its late rows (RunRecorder.whenSettled); at once
 * when nothing records (the run history has not started).
 */
export function runHistorySettled(): Promise<void> {
  return recorder?.whenSettled() ?? Promise.resolve();
}

/** Loads the list, marks runs a closed page left running as interrupted, and starts recording. Idempotent. */
export function startRunHistory(): void {
  if (recorder) return;
  recorder = new RunRecorder({
    storage: runStorage(),
    readStream,
    flushMetrics: flush,
    fetchGenerations,
    nextSeq,
    currentBackend: () => useAppStore.getState().system.backend?.active ?? null,
    forkOrigin: () => {
      // The first run started after "Fork here" is the fork; later ones (Reset, Start again) are not.
      const { train, trainActions } = useAppStore.getState();
      if (train.fork?.status !== 'waiting') {
        if (train.fork) trainActions.setFork(null);
        return null;
      }
      trainActions.setFork({ ...train.fork, status: 'replaying' });
      return { runId: train.fork.runId, runName: train.fork.runName, iteration: train.fork.iteration };
    },
    currentNumerics: () => useAppStore.getState().system.backend?.numerics ?? null,
    costPilotFor: (config) => pilotForConfig(useAppStore.getState().train.costPilot, config),
    onSaved: saved,
    onError: (message) => notify('error', message),
    onDeleted: (meta) => notify('info', `Run “${meta.name}” was deleted, so it is no longer recorded; training goes on.`),
    holdLiveMarker: (id) => holdLiveMarker(id),
  });
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel('srlhfv-runs');
    channel.onmessage = (event: MessageEvent<RunsMessage>) => received(event.data);
  }
  // Live and scripted edits reach the recorder as the engine's own events (with the iteration it applied them at).
  onStatus('ppo', (event) => recorder!.handle(event));
  // Resume on a finished run whose run length was raised: the same run goes on (its record is reopened).
  useAppStore.subscribe((state, previous) => {
    if (previous.train.runState === 'finished' && state.train.runState === 'running') recorder?.resumeFinished();
  });
  window.addEventListener('pagehide', () => void recorder?.saveNow());
  void loadRunList();
}

export async function loadRunList(): Promise<void> {
  try {
    const stored = await runStorage().list();
    const own = recorder?.current?.id;
    // Live in some tab (its Web Lock is held) or recorded here: not interrupted. Without Web Locks, only this
    // tab's run counts as live.
    const held = await liveRunIds();
    const list = await markInterrupted(runStorage(), stored, (id) => id === own || (held?.has(id) ?? false));
    // Runs recorded while the list was loading are already in the store: keep them.
    const inStore = useAppStore
      .getState()
      .runs.list.filter((run) => !list.some((stored) => stored.id === run.id));
    runs().setList([...list, ...inStore]);
  } catch (error) {
    const message = errorText(error);
    runs().setState('unavailable', `Run history is unavailable: ${message}`);
  }
}

export function loadRun(id: string): Promise<RunRecord | undefined> {
  let entry = cache.get(id);
  if (!entry) {
    entry = runStorage().get(id);
    cache.set(id, entry);
    entry.catch(() => cache.delete(id));
  }
  return entry;
}

/** Rename, retag, annotate. */
export async function updateRun(
  id: string,
  patch: Partial<Pick<RunMeta, 'name' | 'tags' | 'notes'>>,
): Promise<void> {
  const meta = useAppStore.getState().runs.list.find((run) => run.id === id);
  if (!meta) return;
  const next = { ...meta, ...patch };
  runs().upsert(next);
  try {
    // Only the edited fields change in storage: a live run's fresher status and metrics (another tab's
    // recorder) are kept, and the recorder keeps these fields from now on.
    const stored = await runStorage().updateMeta(id, (current) => ({ ...current, ...patch }), `run “${next.name}”`);
    cache.delete(id);
    if (!stored) {
      runs().remove(id);
      notify('warning', `Run “${next.name}” was deleted in another tab; the edit was not saved.`);
      return;
    }
    runs().upsert(stored);
    broadcast({ type: 'saved', meta: stored });
  } catch (error) {
    runs().upsert(meta);
    notify('error', storageError(error, `run “${next.name}”`).message);
  }
}

/** Deletes a run and returns its full record, so the caller can offer Undo (restoreRun). */
export async function deleteRun(id: string): Promise<RunRecord | null> {
  try {
    const record = await runStorage().get(id);
    if (!record) return null;
    await runStorage().delete(id);
    deletedHere.add(id);
    cache.delete(id);
    recorder?.runDeleted(id);
    runs().remove(id);
    broadcast({ type: 'deleted', id });
    return record;
  } catch (error) {
    notify('error', storageError(error, 'the deletion').message);
    return null;
  }
}

export async function restoreRun(record: RunRecord): Promise<void> {
  deletedHere.delete(record.id);
  try {
    await runStorage().put(record);
    saved(metaOf(record), true);
  } catch (error) {
    notify('error', storageError(error, `run “${record.name}”`).message);
  }
}

export interface ImportResult {
  imported: RunMeta[];
  errors: string[];
  warnings: string[];
}

/** Validates and stores bundle files one by one; a bad file is reported and skipped, nothing stored is touched. */
export async function importBundleFiles(files: readonly File[]): Promise<ImportResult> {
  const result: ImportResult = { imported: [], errors: [], warnings: [] };
  for (const file of files) {
    if (file.size > MAX_BUNDLE_BYTES) {
      result.errors.push(
        `${file.name}: ${Math.round(file.size / 2 ** 20)} MB is larger than the ${MAX_BUNDLE_BYTES / 2 ** 20} MB a bundle may be.`,
      );
      continue;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      result.errors.push(
        `${file.name}: could not be read (${errorText(error)}).`,
      );
      continue;
    }
    let parsed: BundleParse;
    try {
      parsed = parseBundle(text, file.name);
    } catch (error) {
      // A bug in validation must not stop the files after this one or leave the button busy.
      parsed = { ok: false, error: `${file.name}: could not be read as a run bundle (${errorText(error)}).` };
    }
    if (!parsed.ok) {
      result.errors.push(parsed.error);
      continue;
    }
    result.warnings.push(...parsed.warnings);
    const record: RunRecord = { ...parsed.run, id: crypto.randomUUID(), seq: nextSeq() };
    try {
      await runStorage().put(record);
      saved(metaOf(record));
      result.imported.push(metaOf(record));
    } catch (error) {
      result.errors.push(storageError(error, `run “${record.name}” from ${file.name}`).message);
    }
  }
  return result;
}
