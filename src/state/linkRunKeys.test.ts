import { describe, expect, it } from 'vitest';
import { defaultConfig, PARAMS, PARAM_KEYS } from '../config/params';
import type { ScheduledChange } from '../train/ppo/schedule';
import { decodeLink, encodeLink } from './link';
import { decodeEdits, encodeEdits, MAX_LINK_EDITS } from './linkEdits';

const FIVE_EDITS: ScheduledChange[] = [
  { iteration: 100, key: 'threshold', value: -1 },
  { iteration: 200, key: 'threshold', value: -1.5 },
  { iteration: 250, key: 'lambdaLr', value: 0.05 },
  { iteration: 300, key: 'lambdaRule', value: 'additive' as never },
  { iteration: 400, key: 'klCoeff', value: 0.1 },
];

describe('run-link edits (ed=)', () => {
  it('writes <iteration>:<short key>:<value>, comma-joined, and reads the same schedule back', () => {
    const text = encodeEdits(FIVE_EDITS);
    expect(text.startsWith('100:thr:-1,200:thr:-1.5,250:llr:0.05,300:rule:additive')).toBe(true);
    expect(decodeEdits(text)).toEqual({ edits: FIVE_EDITS.map(({ iteration, key, value }) => ({ iteration, key, value })), warnings: [] });
  });

  it('round-trips an edit of every live setting at its min and max', () => {
    for (const key of PARAM_KEYS) {
      const spec = PARAMS[key];
      if (!spec.live) continue;
      const values: unknown[] = spec.kind === 'enum' ? [...spec.options] : [spec.min, spec.max];
      for (const value of values) {
        const edits = [{ iteration: 7, key, value }] as ScheduledChange[];
        expect(decodeEdits(encodeEdits(edits)).edits, `${key}=${String(value)}`).toEqual(edits);
      }
    }
  });

  it('never writes a setting that cannot change mid-run', () => {
    expect(encodeEdits([{ iteration: 3, key: 'seed', value: 7 }])).toBe('');
  });

  it('skips malformed, unknown, needs-reset or out-of-range edits with a warning naming each', () => {
    const { edits, warnings } = decodeEdits('5:thr:-1,x:thr:1,6:nope:1,7:seed:3,8:thr:99,9:thr:1:2,10:thr:1e400,11:rule:evil');
    expect(edits).toEqual([{ iteration: 5, key: 'threshold', value: -1 }]);
    expect(warnings).toHaveLength(7);
    expect(warnings[0]).toContain('"x:thr:1"');
    expect(warnings[2]).toContain('can change during a run');
    expect(warnings[3]).toContain('Cost limit');
  });

  it('reads at most MAX_LINK_EDITS edits', () => {
    const many = Array.from({ length: MAX_LINK_EDITS + 5 }, (_, i) => `${i}:thr:1`).join(',');
    const { edits, warnings } = decodeEdits(many);
    expect(edits).toHaveLength(MAX_LINK_EDITS);
    expect(warnings[0]).toContain(`first ${MAX_LINK_EDITS}`);
  });
});

describe('link keys ed= and view=', () => {
  it('round-trip through encodeLink / decodeLink', () => {
    const config = { ...defaultConfig(), iterations: 500 };
    const hash = encodeLink(config, { tab: 'train', edits: FIVE_EDITS, view: 'present' });
    const decoded = decodeLink(hash);
    expect(decoded.config).toEqual(config);
    expect(decoded.edits).toEqual(FIVE_EDITS.map(({ iteration, key, value }) => ({ iteration, key, value })));
    expect(decoded.view).toBe('present');
    expect(decoded.warnings).toEqual([]);
  });

  it('a 500-iteration run with 5 edits fits in a short link', () => {
    const hash = encodeLink({ ...defaultConfig(), iterations: 500 }, { tab: 'train', edits: FIVE_EDITS });
    expect(hash).toBe('v=4&tab=train&it=500&ed=100:thr:-1,200:thr:-1.5,250:llr:0.05,300:rule:additive,400:kl:0.1');
    expect(hash.length).toBe(89);
  });

  it('omits both keys when there is nothing to say', () => {
    expect(encodeLink(defaultConfig(), { edits: [], view: null })).toBe('v=4');
  });

  it('an unknown view is ignored with a warning; a bad edit counts as a fallback (autoplay will not start)', () => {
    const decoded = decodeLink('v=3&view=huge&ed=4:thr:-1,4:zz:1');
    expect(decoded.view).toBeNull();
    expect(decoded.warnings.some((w) => w.startsWith('view:'))).toBe(true);
    expect(decoded.edits).toHaveLength(1);
    expect(decoded.fallbacks).toHaveLength(1);
  });
});
