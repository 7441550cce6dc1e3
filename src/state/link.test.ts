import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  PARAMS,
  PARAM_KEYS,
  defaultConfig,
  START_UP_COST_LIMIT,
  type ExperimentConfig,
  type ParamKey,
  type ParamSpec,
} from '../config/params';
import { presetConfig, PRESETS } from '../config/presets';
import { ExperimentConfigSchema } from '../config/schema';
import { HIDABLE_IDS } from './hidable';
import { LINK_VERSION, MAX_LINK_CHARS, V1_DEFAULTS, V2_DEFAULTS, V3_DEFAULTS, decodeLink, encodeLink, linkUrl } from './link';
import { AREAS } from './slices/uiSlice';

function randomValue(spec: ParamSpec, random: () => number): unknown {
  switch (spec.kind) {
    case 'enum':
      return spec.options[Math.floor(random() * spec.options.length)];
    case 'bool':
      return random() < 0.5;
    case 'int':
      return spec.min + Math.floor(random() * (spec.max - spec.min + 1));
    case 'number':
      if (spec.log && spec.min > 0)
        return Math.exp(Math.log(spec.min) + random() * Math.log(spec.max / spec.min));
      return spec.min + random() * (spec.max - spec.min);
  }
}

function randomConfig(random: () => number): ExperimentConfig {
  const config = defaultConfig();
  for (const key of PARAM_KEYS) (config as Record<ParamKey, unknown>)[key] = randomValue(PARAMS[key], random);
  const urls = Math.floor(random() * 3);
  for (let i = 0; i < urls; i++)
    config.dataUrls.push(`https://example.org/data/part ${i},a&b=c#x?${random()}.parquet`);
  return config;
}

describe('encodeLink / decodeLink', () => {
  it('writes only the version for the defaults, and reads nothing else back', () => {
    expect(encodeLink(defaultConfig())).toBe(`v=${LINK_VERSION}`);
    const decoded = decodeLink(`#v=${LINK_VERSION}`);
    expect(decoded.config).toEqual(defaultConfig());
    expect(decoded.warnings).toEqual([]);
    expect(decodeLink('').config).toEqual(defaultConfig());
  });

  it('omits defaults and writes readable short keys', () => {
    const config = { ...defaultConfig(), threshold: -0.25, algorithm: 'ppo' as const, actorLr: 0.0005 };
    expect(encodeLink(config)).toBe('v=4&alg=ppo&alr=0.0005&thr=-0.25');
  });

  it('round-trips every field, one at a time, at its min and max', () => {
    for (const key of PARAM_KEYS) {
      const spec = PARAMS[key] as ParamSpec;
      const values =
        spec.kind === 'enum' ? spec.options : spec.kind === 'bool' ? [true, false] : [spec.min, spec.max];
      for (const value of values) {
        const config = { ...defaultConfig(), [key]: value } as ExperimentConfig;
        const decoded = decodeLink(`#${encodeLink(config)}`);
        expect(decoded.warnings, `${key}=${String(value)}`).toEqual([]);
        expect(decoded.config[key], key).toBe(value);
      }
    }
  });

  it('round-trips 300 random valid configs exactly (numbers in shortest round-trip form)', () => {
    const random = seedrandom.alea('link-roundtrip');
    for (let i = 0; i < 300; i++) {
      const config = randomConfig(random);
      expect(ExperimentConfigSchema.safeParse(config).success).toBe(true);
      const hash = encodeLink(config, { hide: ['train-params', 'nav-data'], autoplay: i % 2 === 0 });
      const decoded = decodeLink(`https://host.example/app/?backend=wasm#${hash}`);
      expect(decoded.warnings).toEqual([]);
      expect(decoded.config).toEqual(config);
      expect(decoded.hide).toEqual(['nav-data', 'train-params']);
      expect(decoded.autoplay).toBe(i % 2 === 0);
    }
  });

  it('round-trips every preset', () => {
    for (const preset of PRESETS)
      expect(decodeLink(encodeLink(presetConfig(preset.id))).config).toEqual(presetConfig(preset.id));
  });

  it('accepts a hash, a full URL or bare pairs; a URL without a hash means defaults', () => {
    expect(decodeLink('#v=1&thr=0.5').config.threshold).toBe(0.5);
    expect(decodeLink('http://x.test/?backend=cpu#v=1&thr=0.5').config.threshold).toBe(0.5);
    expect(decodeLink('v=1&thr=0.5').config.threshold).toBe(0.5);
    expect(decodeLink('http://x.test/?thr=0.5').config).toEqual(defaultConfig());
  });

  it('encodes data URLs so commas, ampersands and hashes survive', () => {
    const config = {
      ...defaultConfig(),
      dataUrls: ['https://a.test/x,y&z=1#frag', 'https://b.test/p q.parquet'],
    };
    const hash = encodeLink(config);
    expect(hash).not.toContain('#');
    expect(decodeLink(hash).config.dataUrls).toEqual(config.dataUrls);
  });

  it('writes hide ids in HIDABLE order and only known ids', () => {
    expect(encodeLink(defaultConfig(), { hide: ['train-share', 'nav-data'], autoplay: true })).toBe(
      'v=4&hide=nav-data,train-share&autoplay=1',
    );
    expect(decodeLink(`#v=1&hide=${HIDABLE_IDS.join(',')}`).hide).toEqual(HIDABLE_IDS);
  });

  it('round-trips the seed count of a group; links without it are one seed; classroom links keep it', () => {
    const group = { ...defaultConfig(), seed: 7, seeds: 4 };
    const hash = encodeLink(group, { classroom: true });
    expect(hash).toBe('v=4&seed=7&seeds=4&class=1');
    expect(decodeLink(hash)).toMatchObject({ config: group, classroom: true, warnings: [] });
    expect(decodeLink('#v=3&seed=7').config.seeds).toBe(1);
    expect(decodeLink('#v=2&thr=0').config.seeds).toBe(1);
    const tooMany = decodeLink('#v=3&seeds=9');
    expect(tooMany.config.seeds).toBe(1);
    expect(tooMany.fallbacks).toEqual(['seeds: "9" is not a whole number from 1 to 8; using the default 1.']);
  });

  it('carries the area and the classroom flag; old links without them still read', () => {
    const hash = encodeLink({ ...defaultConfig(), threshold: 0 }, { tab: 'train', autoplay: true, classroom: true });
    expect(hash).toBe('v=4&tab=train&thr=0&autoplay=1&class=1');
    expect(decodeLink(hash)).toMatchObject({ tab: 'train', autoplay: true, classroom: true, warnings: [] });
    for (const tab of AREAS) expect(decodeLink(encodeLink(defaultConfig(), { tab })).tab).toBe(tab);
    expect(decodeLink('#v=1&thr=0.1')).toMatchObject({ tab: null, classroom: false });
    expect(decodeLink('#threshold=0.1&train-params_hide=true')).toMatchObject({ tab: null, hide: ['train-params'] });
  });

  it('an unknown tab or class value is ignored with a warning, without counting as a fallen-back setting', () => {
    const decoded = decodeLink('#v=1&tab=__proto__&class=maybe&thr=0.2');
    expect(decoded.tab).toBeNull();
    expect(decoded.classroom).toBe(false);
    expect(decoded.warnings).toEqual([
      'tab: "__proto__" is not one of data, models, train, guard, runs; ignored.',
      'class: "maybe" is not 1 or 0; ignored.',
    ]);
    expect(decoded.fallbacks).toEqual([]);
  });

  it('lists every setting that fell back (what autoplay refuses to start on)', () => {
    expect(decodeLink('#v=4&thr=abc&zzz=1&data=ftp://x').fallbacks).toEqual([
      'thr: "abc" is not a number from -20 to 20; using the default -1.75.',
      'Ignored unknown link setting "zzz".',
      'data: "ftp://x" is not an http(s) URL; skipped.',
    ]);
    expect(decodeLink('#v=9&thr=0').fallbacks).toHaveLength(1);
    expect(decodeLink('#v=1&hide=nope&autoplay=1').fallbacks).toEqual([]);
  });
});

describe('invalid and hostile links', () => {
  it('falls back to the default with a warning naming the key and value', () => {
    const decoded = decodeLink('#v=4&thr=abc&pb=1000&alg=dqn&seed=1.5&temp=');
    expect(decoded.config).toEqual(defaultConfig());
    expect(decoded.warnings).toHaveLength(5);
    expect(decoded.warnings[0]).toContain(
      'thr: "abc" is not a number from -20 to 20; using the default -1.75',
    );
    expect(decoded.warnings.join('\n')).toMatch(/pb: "1000" is not a whole number from 1 to 256/);
    expect(decoded.warnings.join('\n')).toMatch(/alg: "dqn" is not one of ppo-lag, ppo, reward-shaping/);
    expect(decoded.warnings.join('\n')).toMatch(/seed: "1.5"/);
  });

  it('keeps the valid settings of a partly invalid link', () => {
    const decoded = decodeLink('#v=1&thr=0.3&llr=oops&lm=7');
    expect(decoded.config.threshold).toBe(0.3);
    expect(decoded.config.lambdaMax).toBe(7);
    expect(decoded.config.lambdaLr).toBe(PARAMS.lambdaLr.default);
    expect(decoded.warnings).toHaveLength(1);
  });

  it('ignores unknown keys (one warning listing them)', () => {
    const decoded = decodeLink('#v=1&zzz=1&thr=0&backend=webgpu');
    expect(decoded.config.threshold).toBe(0);
    expect(decoded.warnings).toEqual(['Ignored unknown link settings "zzz", "backend".']);
  });

  it('never throws or pollutes prototypes on hostile input', () => {
    const hostile = [
      '#__proto__=1&constructor=x&prototype=y&toString=z',
      '#v=1&__proto__[thr]=5&thr=<script>alert(1)</script>',
      '#v=1&alg=<img src=x onerror=alert(1)>&hide=__proto__,constructor',
      '#v=1&thr=%E0%A4%A&%zz=1&data=%',
      '#v=1&data=javascript:alert(1),data:text/html;base64,PHNjcmlwdD4=,https://ok.test/a.parquet',
      `#v=1&thr=${'9'.repeat(5000)}`,
      '#v=1&thr=1e309&llr=-1e-400&it=Infinity&pb=NaN&seed=0x10',
      '#v=1&th',
      '#v=1&thr=0.',
      '#v=99999999999999999999',
      '#&&&==&=&v',
      `#${'a=b&'.repeat(40_000)}`,
      null as unknown as string,
      { toString: () => 'thr=1' } as unknown as string,
    ];
    for (const link of hostile) {
      const decoded = decodeLink(link);
      expect(ExperimentConfigSchema.safeParse(decoded.config).success).toBe(true);
      for (const warning of decoded.warnings) expect(warning.length).toBeLessThan(400);
    }
    expect(({} as Record<string, unknown>).thr).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('thr');
    const js = decodeLink('#v=1&data=javascript:alert(1),https://ok.test/a.parquet');
    expect(js.config.dataUrls).toEqual(['https://ok.test/a.parquet']);
    expect(js.warnings[0]).toContain('is not an http(s) URL');
    expect(decodeLink('#v=1&thr=0.').config.threshold).toBe(0);
  });

  it('warns about a key given twice, naming it and the value used (the last)', () => {
    const decoded = decodeLink('#v=1&thr=0.1&llr=0.05&thr=0.5&thr=-0.2');
    expect(decoded.config.threshold).toBe(-0.2);
    expect(decoded.warnings).toEqual(['"thr" appears 3 times in the link; the last value, "-0.2", is used.']);
    expect(decodeLink('#v=1&thr=0.1&llr=0.05').warnings).toEqual([]);
  });

  it('treats inherited object names as unknown keys and unknown hide ids', () => {
    const decoded = decodeLink('#v=4&constructor=1&toString=2&hasOwnProperty=3&__proto__=4&hide=constructor,__proto__,train-params');
    expect(decoded.config).toEqual(defaultConfig());
    expect(decoded.hide).toEqual(['train-params']);
    expect(decoded.warnings).toEqual([
      'Ignored unknown link settings "constructor", "toString", "hasOwnProperty", "__proto__".',
      'hide: "constructor" is not a control that can be hidden; ignored.',
      'hide: "__proto__" is not a control that can be hidden; ignored.',
    ]);
  });

  it('reads only the first MAX_LINK_CHARS of a huge link, with a warning', () => {
    const decoded = decodeLink(`#v=1&thr=0.5&x=${'y'.repeat(MAX_LINK_CHARS)}`);
    expect(decoded.config.threshold).toBe(0.5);
    expect(decoded.warnings[0]).toMatch(/only the first 100000 were read/);
  });

  it('handles a truncated hash: complete pairs are kept, a cut pair is validated like any other', () => {
    const full = encodeLink({
      ...defaultConfig(),
      threshold: 0.125,
      lambdaLr: 0.05,
      algorithm: 'reward-shaping',
    });
    expect(full).toBe('v=4&alg=reward-shaping&thr=0.125&llr=0.05');
    for (let length = 0; length <= full.length; length++) {
      expect(ExperimentConfigSchema.safeParse(decodeLink(full.slice(0, length)).config).success).toBe(true);
    }
    const cutEnum = decodeLink(full.slice(0, 'v=4&alg=reward-sh'.length));
    expect(cutEnum.config.algorithm).toBe('ppo-lag');
    expect(cutEnum.warnings).toEqual([
      'alg: "reward-sh" is not one of ppo-lag, ppo, reward-shaping; using the default ppo-lag.',
    ]);
    const cutKey = decodeLink(full.slice(0, full.length - 'r=0.05'.length)); // "...&thr=0.125&ll"
    expect(cutKey.config).toMatchObject({ algorithm: 'reward-shaping', threshold: 0.125, lambdaLr: 0.1 });
    expect(cutKey.warnings).toEqual(['Ignored unknown link setting "ll".']);
  });

  it('warns about links from a newer version and still reads what it knows', () => {
    const decoded = decodeLink('#v=5&thr=0.5');
    expect(decoded.config.threshold).toBe(0.5);
    expect(decoded.warnings[0]).toMatch(/newer version \(v5\)/);
  });
});

describe('migration v0 → v1', () => {
  it('reads the long-name draft format with Playground-style hide flags', () => {
    const decoded = decodeLink(
      '#threshold=-1.5&lambdaLr=0.05&algorithm=reward-shaping&seed=7&dataUrls=https%3A%2F%2Fa.test%2Fx.parquet&train-params_hide=true&nav-data_hide=false',
    );
    expect(decoded.version).toBe(0);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.config).toEqual({
      ...defaultConfig(),
      threshold: -1.5,
      lambdaLr: 0.05,
      algorithm: 'reward-shaping',
      seed: 7,
      dataUrls: ['https://a.test/x.parquet'],
      // v0 → v1 → v2 → v3: what the draft format ran before the λ rules and the truncation penalty existed.
      lambdaRule: 'upstream',
      truncationPenalty: 0,
      lambdaInit: 10,
      klCoeff: 0.02,
      pidKp: 2,
      pidKi: 0.2,
      pidKd: 1,
    });
    expect(decoded.hide).toEqual(['train-params']);
  });

  it('reads a v0 link without v that already used short keys', () => {
    expect(decodeLink('#thr=0&llr=0.2').config).toMatchObject({ threshold: 0, lambdaLr: 0.2 });
  });

  it('still validates migrated values', () => {
    const decoded = decodeLink('#threshold=banana');
    expect(decoded.config.threshold).toBe(PARAMS.threshold.default);
    expect(decoded.warnings[0]).toMatch(/thr: "banana"/);
  });
});

describe('migration v1 → v2', () => {
  it('keeps v1 links running what they ran: the upstream λ rule, no truncation penalty, the v1 λ initial', () => {
    const decoded = decodeLink('#v=1&thr=0.5');
    expect(decoded.version).toBe(1);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.config).toMatchObject({ threshold: 0.5, lambdaRule: 'upstream', truncationPenalty: 0, lambdaInit: 10 });
    // Keys the v1 link did set win over the v1 defaults.
    expect(decodeLink('#v=1&rule=additive&li=3').config).toMatchObject({ lambdaRule: 'additive', lambdaInit: 3, truncationPenalty: 0 });
    // Through v2 → v3 as well: β and the PID gains of v2 (the v1 λ initial wins over v2's).
    expect(decoded.config).toMatchObject({ klCoeff: 0.02, pidKp: 2, pidKi: 0.2, pidKd: 1 });
  });

  it('lists only settings whose default really changed', () => {
    const byShort = new Map<string, (typeof PARAM_KEYS)[number]>(PARAM_KEYS.map((key) => [PARAMS[key].short, key]));
    for (const table of [V1_DEFAULTS, V2_DEFAULTS, V3_DEFAULTS]) {
      for (const [short, value] of Object.entries(table)) {
        const key = byShort.get(short);
        expect(key, short).toBeDefined();
        expect(String(PARAMS[key!].default), short).not.toBe(value);
      }
    }
  });
});

describe('migration v2 → v3', () => {
  it('keeps v2 links running what they ran: PID K_p 2, K_i 0.2, K_d 1 from λ₀ 1 at β 0.02', () => {
    const decoded = decodeLink('#v=2&thr=-1&kp=3');
    expect(decoded.version).toBe(2);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.config).toEqual({
      ...defaultConfig(), threshold: -1, pidKp: 3, pidKi: 0.2, pidKd: 1, lambdaInit: 1, klCoeff: 0.02,
    });
    expect(encodeLink(decoded.config)).toBe('v=4&kl=0.02&thr=-1&li=1&kp=3&ki=0.2&kd=1');
  });
});

describe('migration v3 → v4', () => {
  it('keeps v3 links running what they ran: a link without thr ran at the v3 start-up limit −0.5', () => {
    const decoded = decodeLink('#v=3&kp=3');
    expect(decoded.version).toBe(3);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.config).toEqual({ ...defaultConfig(), threshold: -0.5, pidKp: 3 });
    expect(encodeLink(decoded.config)).toBe('v=4&thr=-0.5&kp=3');
  });

  it('a v3 link that named its limit keeps it; a v4 link without thr gets the new start-up limit', () => {
    expect(decodeLink('#v=3&thr=0.25').config.threshold).toBe(0.25);
    expect(decodeLink('#v=4').config.threshold).toBe(PARAMS.threshold.default);
    expect(PARAMS.threshold.default).toBe(START_UP_COST_LIMIT);
  });

  it('older links pass through every migration: a v2 link without thr also ran at −0.5', () => {
    expect(decodeLink('#v=2').config).toMatchObject({ threshold: -0.5, pidKp: 2, klCoeff: 0.02 });
    expect(decodeLink('#v=1').config).toMatchObject({ threshold: -0.5, lambdaRule: 'upstream' });
  });
});

describe('linkUrl', () => {
  it('keeps the path and ?backend= and replaces the hash', () => {
    expect(
      linkUrl({ origin: 'https://a.test', pathname: '/app/', search: '?backend=cpu' }, 'v=1&thr=0'),
    ).toBe('https://a.test/app/?backend=cpu#v=1&thr=0');
  });
});
