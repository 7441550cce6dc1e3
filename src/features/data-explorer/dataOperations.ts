/**
 * Main-thread side of data loading: every load goes through the trainer worker (parsing never runs on the main
 * thread), one at a time, and its outcome lands in the data slice. A failed load keeps what was loaded before.
 */
import type { Split } from '../../data/record';
import type { LoadResult, SourceSummary } from '../../data/summary';
import { dataFileUrl } from '../../data/urlProbe';
import { useAppStore } from '../../state/store';
import { trainer } from '../../worker/client';
import { errorText } from '../../util/errorText';
import { onStatus } from '../../worker/statusBus';
import { LOAD_QUIET_MS, LoadCancelledError, LoadStuckError, loadWatchdog, type Watchdog } from './loadWatchdog';

/** sourceId → the URL it came from, so removing a source also drops it from the shareable `dataUrls`. */
const urlOfSource = new Map<string, string>();
/** URLs already loaded or tried, so syncing `config.dataUrls` never loads one twice. */
const attemptedUrls = new Set<string>();
let queue: Promise<unknown> = Promise.resolve();
let cancelRequested = false;
let activeWatchdog: Watchdog | null = null;
let loadQuietMs = LOAD_QUIET_MS;

function actions() {
  return useAppStore.getState().dataActions;
}

/** Runs loads strictly one after another (the worker has one cancellable load at a time). */
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

interface LoadOutcome {
  result: LoadResult | null;
  /** Sources this load added (ids not present when it started). */
  added: SourceSummary[];
}

async function runLoad(what: string, load: () => Promise<LoadResult>): Promise<LoadOutcome> {
  return enqueue(async () => {
    cancelRequested = false;
    const before = new Set(useAppStore.getState().data.summary?.sources.map((s) => s.id) ?? []);
    actions().loadStarted(what);
    const watchdog = loadWatchdog(what, loadQuietMs);
    activeWatchdog = watchdog;
    const stopListening = onStatus('data', () => watchdog.alive());
    try {
      const result = await Promise.race([load(), watchdog.promise]);
      const index = await trainer().listIndex();
      const cancelled = cancelRequested;
      actions().loadFinished(
        result.summary,
        index,
        cancelled ? [] : result.errors,
        cancelled ? [`Load of ${what} cancelled.`, ...result.warnings] : result.warnings,
      );
      return { result, added: result.summary.sources.filter((s) => !before.has(s.id)) };
    } catch (error) {
      if (cancelRequested || error instanceof LoadCancelledError) actions().loadCancelled(what);
      else actions().loadFailed(what, errorText(error));
      // Stuck: the worker stops the load too (its parse worker is replaced, a stalled download aborted).
      if (error instanceof LoadStuckError) void trainer().cancelLoad().catch(() => undefined);
      return { result: null, added: [] };
    } finally {
      stopListening();
      watchdog.dispose();
      activeWatchdog = null;
    }
  });
}

/** Test hook: a shorter quiet time for the load watchdog. */
export function setLoadQuietMs(ms: number): void {
  loadQuietMs = ms;
}

export async function loadBundledSample(): Promise<LoadResult | null> {
  return (await runLoad('the bundled sample', () => trainer().loadBundledSample())).result;
}

export async function loadFiles(files: File[]): Promise<LoadResult | null> {
  if (files.length === 0) return null;
  const names = files.map((f) => f.name).join(', ');
  return (await runLoad(names, () => trainer().loadFiles(files))).result;
}

export async function loadUrl(rawUrl: string): Promise<LoadResult | null> {
  const url = rawUrl.trim();
  attemptedUrls.add(url);
  const downloadLimitMb = useAppStore.getState().data.downloadLimitMb;
  const { result, added } = await runLoad(url, () => trainer().loadUrl(url, { downloadLimitMb }));
  for (const source of added) urlOfSource.set(source.id, url);
  // Loaded (possibly with some rejected rows) or reloaded without error: the URL belongs in shared links.
  const loaded = added.length > 0 || (result !== null && result.errors.length === 0);
  const { config, configActions } = useAppStore.getState();
  if (loaded) {
    if (!config.dataUrls.includes(url)) configActions.set('dataUrls', [...config.dataUrls, url]);
  } else if (config.dataUrls.includes(url)) {
    // A link named a URL that does not load: keep it out of links shared from here on (the error stays visible).
    configActions.set('dataUrls', config.dataUrls.filter((u) => u !== url));
  }
  return result;
}

/** Cancels the load in progress: the page settles at once (even if the worker is stuck), and the worker is asked to stop. */
export async function cancelLoad(): Promise<void> {
  cancelRequested = true;
  activeWatchdog?.cancel();
  await trainer().cancelLoad();
}

export async function removeSource(sourceId: string): Promise<void> {
  await enqueue(async () => {
    try {
      const summary = await trainer().removeSource(sourceId);
      const index = await trainer().listIndex();
      actions().loadFinished(summary, index, [], []);
    } catch (error) {
      actions().loadFailed(sourceId, `could not remove: ${errorText(error)}`);
    }
  });
  const url = urlOfSource.get(sourceId);
  if (url) {
    urlOfSource.delete(sourceId);
    attemptedUrls.delete(url);
    const { config, configActions } = useAppStore.getState();
    if (![...urlOfSource.values()].includes(url)) configActions.set('dataUrls', config.dataUrls.filter((u) => u !== url));
  }
}

/** Puts every row of a loaded file into a split (the file's name did not say); 'unknown' rows train nothing. */
export async function setSourceSplit(sourceId: string, split: Split): Promise<void> {
  await enqueue(async () => {
    try {
      const summary = await trainer().setSourceSplit(sourceId, split);
      const index = await trainer().listIndex();
      actions().loadFinished(summary, index, [], []);
    } catch (error) {
      actions().loadFailed(sourceId, `could not change the split: ${errorText(error)}`);
    }
  });
}

/**
 * URLs in `config.dataUrls` (from a shared link) that were not tried yet are not loaded: each becomes a question
 * (the host and the address) that the person answers with acceptLinkData or declineLinkData. Nothing is sent to a
 * data host before a yes, not even a size probe: a link can name any host, and a request tells it who opened the link.
 */
export function loadPendingConfigUrls(): void {
  const { putLinkRequest } = actions();
  for (const url of useAppStore.getState().config.dataUrls) {
    if (attemptedUrls.has(url)) continue;
    attemptedUrls.add(url);
    let host = url;
    try {
      host = dataFileUrl(url).host;
    } catch {
      // shown as given; the load reports the problem if the person agrees
    }
    putLinkRequest({ url, host, status: 'asking' });
  }
}

/** The person agreed: load the link-named URL; the question goes away when the load settles. */
export async function acceptLinkData(url: string): Promise<void> {
  const request = useAppStore.getState().data.linkRequests.find((r) => r.url === url);
  if (!request || request.status !== 'asking') return;
  actions().putLinkRequest({ ...request, status: 'loading' });
  try {
    await loadUrl(url);
  } finally {
    actions().removeLinkRequest(url);
  }
}

/** The person declined: nothing is fetched, and the URL leaves the config (links shared from here omit it). */
export function declineLinkData(url: string): void {
  actions().removeLinkRequest(url);
  const { config, configActions } = useAppStore.getState();
  if (config.dataUrls.includes(url)) configActions.set('dataUrls', config.dataUrls.filter((u) => u !== url));
  attemptedUrls.delete(url); // a later link naming it asks again
}
