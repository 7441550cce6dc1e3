import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { classifyChanges, liveEdits, mergeIntoDraft } from './configChanges';

describe('config changes between the draft and the engine', () => {
  it('a live update carries only the edited live settings', () => {
    const applied = defaultConfig();
    const draft = { ...applied, threshold: -1, lambdaLr: 0.2, hiddenSize: applied.hiddenSize * 2 };
    const { live, needsReset } = classifyChanges(applied, draft);
    expect(live.sort()).toEqual(['lambdaLr', 'threshold']);
    expect(needsReset).toEqual(['hiddenSize']);
    expect(liveEdits(draft, live)).toEqual({ lambdaLr: 0.2, threshold: -1 });
  });

  it('the draft follows an applied edit for a setting the person left alone, and keeps one they edited since', () => {
    const before = { ...defaultConfig(), threshold: -0.5, lambdaLr: 0.1 };
    const engine = { ...before, threshold: 1.5, lambdaLr: 0.3 };
    // threshold untouched in the draft (follows the engine); lambdaLr typed by the person meanwhile (kept).
    const draft = { ...before, lambdaLr: 0.05 };
    const next = mergeIntoDraft(draft, before, engine, ['threshold', 'lambdaLr']);
    expect(next.threshold).toBe(1.5);
    expect(next.lambdaLr).toBe(0.05);
    // Nothing to follow: the same object (no store update, no link rewrite).
    expect(mergeIntoDraft(next, engine, engine, ['threshold'])).toBe(next);
  });
});
