/**
 * Keeps the page URL's hash and the store's config in step (main thread):
 * - on load and on `hashchange`, the hash is decoded into the config; problems are shown as notices;
 * - config edits rewrite the hash with history.replaceState (debounced, no history entries, no hashchange);
 * - `hide=` hides controls with one CSS rule per id (`[data-hide-id="<id>"]`), so hiding never touches other
 *   readouts;
 * - `tab=` opens that area; classroom (`class=1`, or any `hide=`) and autoplay links always open on Train, and a
 *   classroom link locks the preset picker;
 * - `autoplay=1` starts training once the backend and the data are ready AND the Train area is on screen in a
 *   visible tab, so a class sees λ from iteration 0. It never starts when a linked value fell back to its default:
 *   the Train area says so instead.
 */
import { HIDABLE_IDS, type HidableId } from './hidable';
import { decodeLink, encodeLink, linkUrl, type DecodedLink, type LinkOptions } from './link';
import type { Area } from './slices/uiSlice';
import { useAppStore, type AppState } from './store';

export const HASH_WRITE_DELAY_MS = 250;
const STYLE_ID = 'link-hidden-controls';

let started = false;
let hidden: HidableId[] = [];
let autoplay = false;
let classroom = false;
let writeTimer: ReturnType<typeof setTimeout> | null = null;
let autoplayDone = false;
/** What autoplay starts: the Train area's start action, handed in by the app (state sits below the features). */
let startTraining: () => unknown = () => undefined;

/** The hidden controls and autoplay flag of the link the page was opened with (kept in the hash). */
export function linkState(): { hide: HidableId[]; autoplay: boolean } {
  return { hide: [...hidden], autoplay };
}

/** A shareable URL for the current config and area: this page (with its ?backend=) and the encoded hash. */
export function shareUrl(options: LinkOptions = {}): string {
  return linkUrl(window.location, encodeLink(useAppStore.getState().config, { ...currentLinkOptions(), ...options }));
}

/**
 * The area a settings link opens on: where its content is. Runs shows this browser's stored runs, which a link does
 * not carry, so a link copied there opens on Train with the settings (a run's own link comes from its row).
 */
export function linkTab(area: Area): Area {
  return area === 'runs' ? 'train' : area;
}

/** The link options of the page as it is: its area, pending scripted edits and view. */
function currentLinkOptions(): LinkOptions {
  const { ui, train } = useAppStore.getState();
  return { tab: linkTab(ui.area), edits: train.scheduled, view: ui.view === 'present' ? 'present' : null };
}

/** The area a link opens on: Train for classroom and autoplay links, else its `tab` unless that tab is hidden. */
export function openingArea(decoded: Pick<DecodedLink, 'tab' | 'hide' | 'autoplay' | 'classroom'>): Area | null {
  if (decoded.autoplay || decoded.classroom || decoded.hide.length > 0) return 'train';
  if (decoded.tab && !decoded.hide.includes(`nav-${decoded.tab}`)) return linkTab(decoded.tab);
  return null;
}

/** The CSS that hides the given controls; ids are checked against HIDABLE, so nothing else can get in. */
export function hideCss(ids: readonly string[]): string {
  return HIDABLE_IDS.filter((id) => ids.includes(id))
    .map((id) => `[data-hide-id="${id}"]{display:none!important}`)
    .join('\n');
}

function applyHidden(ids: HidableId[]): void {
  hidden = ids;
  let style = document.getElementById(STYLE_ID);
  if (!style) {
    style = document.createElement('style');
    style.id = STYLE_ID;
    document.head.appendChild(style);
  }
  style.textContent = hideCss(ids);
}

function readHash(): void {
  const hash = window.location.hash;
  if (hash.replace(/^#/, '').trim() === '') return;
  const decoded = decodeLink(hash);
  const { configActions, systemActions, uiActions } = useAppStore.getState();
  configActions.replace(decoded.config);
  // A run link's live edits wait as scripted changes, applied at their iterations once the run starts.
  if (decoded.edits.length > 0) useAppStore.getState().trainActions.setScheduled(decoded.edits);
  uiActions.setView(decoded.view === 'present' ? 'present' : 'normal');
  applyHidden(decoded.hide);
  const area = openingArea(decoded);
  if (area) uiActions.setArea(area);
  // Links from before `class=1` marked a classroom only by hiding controls.
  classroom = decoded.classroom || decoded.hide.length > 0;
  uiActions.setClassroom(classroom);
  autoplay = decoded.autoplay;
  for (const warning of decoded.warnings) systemActions.notify('warning', `Link: ${warning}`);
  if (autoplay && !autoplayDone) {
    if (decoded.fallbacks.length > 0) holdAutoplay(decoded.fallbacks);
    else scheduleAutoplay();
  }
}

function writeHash(): void {
  writeTimer = null;
  const { config } = useAppStore.getState();
  const hash = encodeLink(config, { ...currentLinkOptions(), hide: hidden, autoplay, classroom });
  if (window.location.hash.replace(/^#/, '') === hash) return;
  const url = `${window.location.pathname}${window.location.search}#${hash}`;
  window.history.replaceState(window.history.state, '', url);
}

/** Autoplay will not start by itself: the Train area shows why next to Start. */
function holdAutoplay(reasons: readonly string[]): void {
  autoplayDone = true;
  useAppStore
    .getState()
    .uiActions.setAutoplay(
      'held',
      `Autoplay is off: this link asked for settings that could not be used, so defaults stand in their place (${reasons.join(' ')}) Check the settings, then press Start.`,
    );
}

/** Ready to autoplay: backend and data loaded, the Train area on screen, the browser tab visible. */
function autoplayReady(state: AppState): boolean {
  return (
    state.system.backendState === 'ready' &&
    state.data.loadState.status === 'ready' &&
    // Data the link names waits for the person's answer (and its load) before training starts.
    state.data.linkRequests.length === 0 &&
    state.ui.area === 'train' &&
    state.ui.trainShown &&
    document.visibilityState === 'visible'
  );
}

/** Starts training once it is ready and visible (once per page). */
function scheduleAutoplay(): void {
  if (autoplayDone) return;
  const { uiActions } = useAppStore.getState();
  const start = () => {
    autoplayDone = true;
    stop();
    uiActions.setAutoplay('started');
    void startTraining();
  };
  const check = () => {
    if (autoplayDone) return;
    const state = useAppStore.getState();
    if (state.train.runState !== 'uninitialised') {
      // The user pressed Start (or Step) first: autoplay has nothing left to do and must not resume a paused run.
      autoplayDone = true;
      stop();
      uiActions.setAutoplay('off');
    } else if (state.system.backendState === 'failed' || state.data.loadState.status === 'error') {
      autoplayDone = true;
      stop();
      const note = 'Autoplay did not start because the backend or the data failed to load.';
      uiActions.setAutoplay('held', note);
      state.systemActions.notify('warning', `Link: ${note}`);
    } else if (autoplayReady(state)) start();
  };
  const unsubscribe = useAppStore.subscribe(check);
  document.addEventListener('visibilitychange', check);
  function stop() {
    unsubscribe();
    document.removeEventListener('visibilitychange', check);
  }
  uiActions.setAutoplay('waiting');
  check();
}

/**
 * Call once at startup, before the first render, so the first frame already shows the linked config.
 * `start` is what an autoplay link starts (the Train area's start action).
 */
export function startLinkSync(start: { startTraining: () => unknown }): void {
  if (started) return;
  started = true;
  startTraining = start.startTraining;
  readHash();
  window.addEventListener('hashchange', readHash);
  useAppStore.subscribe((state, previous) => {
    if (
      state.config === previous.config &&
      state.ui.area === previous.ui.area &&
      state.ui.view === previous.ui.view &&
      state.train.scheduled === previous.train.scheduled
    )
      return;
    if (writeTimer) clearTimeout(writeTimer);
    writeTimer = setTimeout(writeHash, HASH_WRITE_DELAY_MS);
  });
}
