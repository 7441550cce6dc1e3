// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../config/params';
import { HASH_WRITE_DELAY_MS, hideCss, linkState, shareUrl, startLinkSync } from './linkSync';
import { useAppStore } from './store';

describe('link sync', () => {
  afterEach(() => vi.useRealTimers());

  it('hideCss writes one rule per known id and nothing for unknown ones', () => {
    expect(hideCss(['train-params', 'x"]{}body{display:none'])).toBe(
      '[data-hide-id="train-params"]{display:none!important}',
    );
    expect(hideCss([])).toBe('');
  });

  it('reads the hash on start, hides controls, notifies warnings, writes config edits back and follows hashchange', async () => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/app/?backend=cpu#v=2&thr=0.25&pb=9999&hide=train-params');
    startLinkSync();
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
    expect(window.location.hash).toBe('#v=2&thr=0.25&llr=0.05&hide=train-params');
    expect(window.location.search).toBe('?backend=cpu');
    expect(shareUrl()).toBe(`${window.location.origin}/app/?backend=cpu#v=2&thr=0.25&llr=0.05`);

    window.location.hash = '#v=2&alg=ppo';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(state().config).toEqual({ ...defaultConfig(), algorithm: 'ppo' });
    expect(document.getElementById('link-hidden-controls')?.textContent).toBe('');
  });
});
