// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../config/params';
import { decodeLink } from './link';
import { HASH_WRITE_DELAY_MS, hideCss, linkState, openingArea, shareUrl, startLinkSync } from './linkSync';
import { useAppStore } from './store';

describe('link sync', () => {
  afterEach(() => vi.useRealTimers());

  it('hideCss writes one rule per known id and nothing for unknown ones', () => {
    expect(hideCss(['train-params', 'x"]{}body{display:none'])).toBe(
      '[data-hide-id="train-params"]{display:none!important}',
    );
    expect(hideCss([])).toBe('');
  });

  it('opens classroom and autoplay links on Train, other links on their tab unless it is hidden', () => {
    const area = (hash: string) => openingArea(decodeLink(hash));
    expect(area('#v=1')).toBeNull();
    expect(area('#v=1&tab=guard')).toBe('guard');
    // Runs holds this browser's runs, not the link's: a settings link lands on Train, where its content is.
    expect(area('#v=1&tab=runs')).toBe('train');
    expect(area('#v=1&tab=runs&class=1')).toBe('train');
    expect(area('#v=1&tab=data&autoplay=1')).toBe('train');
    expect(area('#v=1&hide=nav-data')).toBe('train'); // an old classroom link (before class=1)
    expect(area('#v=1&tab=guard&hide=nav-guard')).toBe('train');
  });

  it('reads the hash on start, hides controls, notifies warnings, writes config edits back and follows hashchange', async () => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/app/?backend=cpu#v=4&thr=0.25&pb=9999&hide=train-params');
    startLinkSync({ startTraining: () => undefined });
    const state = () => useAppStore.getState();
    expect(state().config).toEqual({ ...defaultConfig(), threshold: 0.25 });
    expect(state().system.notices.map((n) => n.message)).toEqual([
      'Link: pb: "9999" is not a whole number from 1 to 256; using the default 32.',
    ]);
    expect(linkState()).toEqual({ hide: ['train-params'], autoplay: false });
    expect(document.getElementById('link-hidden-controls')?.textContent).toBe(
      '[data-hide-id="train-params"]{display:none!important}',
    );

    state().configActions.set('lambdaLr', 0.05);
    await vi.advanceTimersByTimeAsync(HASH_WRITE_DELAY_MS);
    // A link that hides controls is a classroom link: it opens on Train and is written back as one.
    expect(state().ui.area).toBe('train');
    expect(state().ui.classroom).toBe(true);
    expect(window.location.hash).toBe('#v=4&tab=train&thr=0.25&llr=0.05&hide=train-params&class=1');
    expect(window.location.search).toBe('?backend=cpu');
    expect(shareUrl()).toBe(`${window.location.origin}/app/?backend=cpu#v=4&tab=train&thr=0.25&llr=0.05`);

    // Moving to another area rewrites the hash, and a copied link opens there; from Runs it opens on Train.
    state().uiActions.setArea('data');
    await vi.advanceTimersByTimeAsync(HASH_WRITE_DELAY_MS);
    expect(window.location.hash).toBe('#v=4&tab=data&thr=0.25&llr=0.05&hide=train-params&class=1');
    expect(shareUrl()).toContain('#v=4&tab=data&');
    state().uiActions.setArea('runs');
    await vi.advanceTimersByTimeAsync(HASH_WRITE_DELAY_MS);
    expect(window.location.hash).toBe('#v=4&tab=train&thr=0.25&llr=0.05&hide=train-params&class=1');
    expect(shareUrl()).toContain('#v=4&tab=train&');

    window.location.hash = '#v=4&alg=ppo';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(state().config).toEqual({ ...defaultConfig(), algorithm: 'ppo' });
    expect(document.getElementById('link-hidden-controls')?.textContent).toBe('');
    expect(state().ui.classroom).toBe(false);
    expect(state().ui.area).toBe('runs'); // a link without tab= leaves the area alone

    window.location.hash = '#v=1&tab=data';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(state().ui.area).toBe('data');

    // A run link: its live edits become the scripted schedule, and view=present opens the presentation view; both
    // are written back into the hash and into a copied link.
    window.location.hash = '#v=4&tab=train&it=12&ed=4:thr:-1,8:thr:-1.5&view=present';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(state().train.scheduled).toEqual([
      { iteration: 4, key: 'threshold', value: -1 },
      { iteration: 8, key: 'threshold', value: -1.5 },
    ]);
    expect(state().ui.view).toBe('present');
    expect(shareUrl()).toContain('#v=4&tab=train&it=12&ed=4:thr:-1,8:thr:-1.5&view=present');
    await vi.advanceTimersByTimeAsync(HASH_WRITE_DELAY_MS); // jsdom's own hashchange event for the same hash
    state().uiActions.setView('normal');
    await vi.advanceTimersByTimeAsync(HASH_WRITE_DELAY_MS);
    expect(window.location.hash).toBe('#v=4&tab=train&it=12&ed=4:thr:-1,8:thr:-1.5');
  });
});
