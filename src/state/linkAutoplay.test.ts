// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';

const startTraining = vi.fn(async () => undefined);

/** A fresh store and link sync (module state is once per page), opened on `hash`. */
async function open(hash: string) {
  vi.resetModules();
  window.history.replaceState(null, '', `/${hash}`);
  const { useAppStore } = await import('./store');
  const { startLinkSync } = await import('./linkSync');
  startLinkSync({ startTraining });
  return useAppStore;
}

function makeReady(store: Awaited<ReturnType<typeof open>>, options: { trainShown?: boolean } = {}) {
  const state = store.getState();
  state.systemActions.setBackendState('ready');
  store.setState((s) => ({ data: { ...s.data, loadState: { status: 'ready' } as typeof s.data.loadState } }));
  if (options.trainShown ?? true) state.uiActions.setTrainShown(true);
}

describe('autoplay links', () => {
  beforeEach(() => startTraining.mockClear());

  it('start only once the backend and data are ready and the Train area is on screen', async () => {
    const store = await open('#v=1&it=3&autoplay=1');
    expect(store.getState().ui.area).toBe('train');
    expect(store.getState().ui.autoplay).toBe('waiting');
    makeReady(store, { trainShown: false });
    expect(startTraining).not.toHaveBeenCalled();
    store.getState().uiActions.setTrainShown(true);
    expect(startTraining).toHaveBeenCalledTimes(1);
    expect(store.getState().ui.autoplay).toBe('started');
    store.getState().uiActions.setTrainShown(false);
    store.getState().uiActions.setTrainShown(true);
    expect(startTraining).toHaveBeenCalledTimes(1); // once per page
  });

  it('wait while another area is shown', async () => {
    const store = await open('#v=1&autoplay=1');
    store.getState().uiActions.setArea('data');
    makeReady(store);
    expect(startTraining).not.toHaveBeenCalled();
    store.getState().uiActions.setArea('train');
    expect(startTraining).toHaveBeenCalledTimes(1);
  });

  it('never start on a value that fell back to its default, and say why', async () => {
    const store = await open('#v=1&thr=banana&autoplay=1&class=1');
    makeReady(store);
    expect(startTraining).not.toHaveBeenCalled();
    const { autoplay, autoplayNote, classroom } = store.getState().ui;
    expect(autoplay).toBe('held');
    expect(autoplayNote).toContain('thr: "banana" is not a number');
    expect(autoplayNote).toContain('press Start');
    expect(classroom).toBe(true);
  });

  it('say so when the backend fails instead of starting later', async () => {
    const store = await open('#v=1&autoplay=1');
    store.getState().systemActions.setBackendState('failed', 'no backend');
    expect(store.getState().ui.autoplay).toBe('held');
    makeReady(store);
    expect(startTraining).not.toHaveBeenCalled();
  });

  it('stand down when the user started first, so a run they paused is not resumed', async () => {
    const store = await open('#v=1&autoplay=1');
    store.getState().trainActions.setRunState('initialising');
    expect(store.getState().ui.autoplay).toBe('off');
    store.getState().trainActions.setRunState('paused');
    makeReady(store);
    expect(startTraining).not.toHaveBeenCalled();
  });

  it('a link without autoplay leaves autoplay off', async () => {
    const store = await open('#v=1&tab=guard');
    makeReady(store);
    expect(store.getState().ui).toMatchObject({ autoplay: 'off', area: 'guard', classroom: false });
    expect(startTraining).not.toHaveBeenCalled();
  });
});
