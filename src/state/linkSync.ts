/**
 * Keeps the page URL's hash and the store's config in step (main thread):
 * - on load and on `hashchange`, the hash is decoded into the config; problems are shown as notices;
 * - config edits rewrite the hash with history.replaceState (debounced, no history entries, no hashchange);
 * - `hide=` hides controls with one CSS rule per id (`[data-hide-id="<id>"]`), so hiding never touches other
 *   readouts; `autoplay=1` starts training once the backend and the data are ready.
 */
import { startTraining } from '../features/train/trainControls';
import { HIDABLE_IDS, type HidableId } from './hidable';
import { decodeLink, encodeLink, linkUrl, type LinkOptions } from './link';
import { useAppStore } from './store';

export const HASH_WRITE_DELAY_MS = 250;
const STYLE_ID = 'link-hidden-controls';

let started = false;
let hidden: HidableId[] = [];
let autoplay = false;
let writeTimer: ReturnType<typeof setTimeout> | null = null;
let autoplayDone = false;

/** The hidden controls and autoplay flag of the link the page was opened with (kept in the hash). */
export function linkState(): { hide: HidableId[]; autoplay: boolean } {
  return { hide: [...hidden], autoplay };
}

/** A shareable URL for the current config: this page (with its ?backend=) and the encoded hash. */
export function shareUrl(options: LinkOptions = {}): string {
  return linkUrl(window.location, encodeLink(useAppStore.getState().config, options));
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
  const { configActions, systemActions } = useAppStore.getState();
  configActions.replace(decoded.config);
  applyHidden(decoded.hide);
  autoplay = decoded.autoplay;
  for (const warning of decoded.warnings) systemActions.notify('warning', `Link: ${warning}`);
  if (autoplay) scheduleAutoplay();
}

function writeHash(): void {
  writeTimer = null;
  const hash = encodeLink(useAppStore.getState().config, { hide: hidden, autoplay });
  if (window.location.hash.replace(/^#/, '') === hash) return;
  const url = `${window.location.pathname}${window.location.search}#${hash}`;
  window.history.replaceState(window.history.state, '', url);
}

/** Starts training once the backend and the data are ready (once per page). */
function scheduleAutoplay(): void {
  if (autoplayDone) return;
  const ready = () => {
    const { system, data } = useAppStore.getState();
    // Data the link names waits for the person's answer (and its load) before training starts.
    return system.backendState === 'ready' && data.loadState.status === 'ready' && data.linkRequests.length === 0;
  };
  if (ready()) {
    autoplayDone = true;
    void startTraining();
    return;
  }
  const unsubscribe = useAppStore.subscribe((state) => {
    if (autoplayDone) return;
    if (state.system.backendState === 'failed' || state.data.loadState.status === 'error') {
      autoplayDone = true;
      unsubscribe();
      state.systemActions.notify(
        'warning',
        'Link: autoplay did not start because the backend or the data failed to load.',
      );
    } else if (ready()) {
      autoplayDone = true;
      unsubscribe();
      void startTraining();
    }
  });
}

/** Call once at startup, before the first render, so the first frame already shows the linked config. */
export function startLinkSync(): void {
  if (started) return;
  started = true;
  readHash();
  window.addEventListener('hashchange', readHash);
  useAppStore.subscribe((state, previous) => {
    if (state.config === previous.config) return;
    if (writeTimer) clearTimeout(writeTimer);
    writeTimer = setTimeout(writeHash, HASH_WRITE_DELAY_MS);
  });
}
