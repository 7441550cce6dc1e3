/**
 * Shareable-link codec (pure; safe on the main thread, in the worker and in Node).
 *
 * A link's hash is readable `key=value` pairs, e.g. `#v=4&tab=train&thr=-0.2&llr=0.05&hide=train-params&autoplay=1`:
 * - one key per experiment setting, the `short` key of its PARAMS entry (src/config/params.ts); defaults are omitted;
 * - the link-level keys of LINK_KEYS below: `v` the format version, `tab` the area to open, `data` the data URLs
 *   (each URI-encoded, comma-joined), `hide` classroom-hidden controls (ids from src/state/hidable.ts),
 *   `autoplay=1` to start training once ready, `class=1` for a classroom link (opens on Train, presets locked).
 * Links without `tab` or `class` (older ones) keep working: they open on the default area.
 * The backend stays in the query string (`?backend=`), because it describes the machine, not the experiment.
 * Links carry configuration only: never data rows, images or metrics.
 *
 * Decoding never throws and never evaluates anything: unknown keys are ignored (and listed in one warning), invalid or out-of-range values fall
 * back to their defaults with a warning naming the key and the value, and older formats are migrated.
 */
// zod's jitless mode before this module builds its schemas (whichever chunk the bundler puts it in).
import '../util/zodJitless';
import * as z from 'zod';
import {
  PARAMS,
  PARAM_KEYS,
  defaultConfig,
  type ExperimentConfig,
  type ParamKey,
  type ParamSpec,
} from '../config/params';
import type { ScheduledChange } from '../train/ppo/schedule';
import { HIDABLE_IDS, type HidableId } from './hidable';
import { decodeEdits, encodeEdits } from './linkEdits';
import { AREAS, type Area } from './slices/uiSlice';

export const LINK_VERSION = 4;
/** Longer input is cut here (a hash this long is hostile or broken; 64 data URLs of 1 KB still fit). */
export const MAX_LINK_CHARS = 100_000;
export const MAX_DATA_URLS = 64;
const MAX_URL_CHARS = 2048;
const MAX_VALUE_CHARS = 64;
/** Values quoted in warnings are cut to this many characters. */
const QUOTE_CHARS = 40;

/** The link-level keys (everything that is not an experiment setting), with what each carries. */
export const LINK_KEYS = {
  v: 'format version',
  tab: 'the area the page opens on',
  data: 'data URLs',
  hide: 'controls hidden by a classroom link',
  autoplay: 'start training once ready',
  class: 'a classroom link: opens on Train, presets locked',
  ed: 'a run link: the run’s live edits, replayed at their iterations (src/state/linkEdits.ts)',
  view: 'present: the presentation view (λ, cost and reward in large type on one screen)',
} as const;

/** The page layouts a link can ask for (`view=`); the normal layout is not written. */
export const LINK_VIEWS = ['present'] as const;
export type LinkView = (typeof LINK_VIEWS)[number];
export type LinkKey = keyof typeof LINK_KEYS;

export interface LinkOptions {
  /** The area to open on; omitted: the default area. */
  tab?: Area;
  hide?: readonly HidableId[];
  autoplay?: boolean;
  classroom?: boolean;
  /** Live edits to replay at their iterations (a run link). */
  edits?: readonly ScheduledChange[];
  view?: LinkView | null;
}

export interface DecodedLink {
  config: ExperimentConfig;
  /** The area the link names, null when it names none (or an unknown one). */
  tab: Area | null;
  hide: HidableId[];
  autoplay: boolean;
  classroom: boolean;
  /** A run link's live edits (empty: none). */
  edits: ScheduledChange[];
  /** The layout the link asks for, null: the normal one. */
  view: LinkView | null;
  /** Human-readable, one per problem; each names the key and the offending value. */
  warnings: string[];
  /**
   * The warnings that mean some setting is not what the link asked for (an invalid value fell back to its default,
   * an unknown or cut-off key, a skipped data URL). Autoplay never starts on such a link.
   */
  fallbacks: string[];
  /** The format version the link was written in (0 when it had no `v`). */
  version: number;
}

/** short key → setting, derived from PARAMS. */
const SHORT_TO_KEY = new Map<string, ParamKey>(PARAM_KEYS.map((key) => [PARAMS[key].short, key]));
const RESERVED_KEYS = new Set<string>(Object.keys(LINK_KEYS));
const TabSchema = z.enum(AREAS);
const HIDABLE_SET = new Set<string>(HIDABLE_IDS);
const LIST_OF_ENCODED = new Set(['data', 'dataUrls']);

// ---- encoding ----------------------------------------------------------------------------------------------------

/** The shortest text that parses back to the same value (JS number → string is shortest round-trip). */
function formatValue(spec: ParamSpec, value: unknown): string | null {
  if (spec.kind === 'bool') return value ? '1' : '0';
  if (spec.kind === 'enum') return String(value);
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** The hash (without '#') for a config: `v=<LINK_VERSION>` then every non-default setting in PARAMS order. */
export function encodeLink(config: ExperimentConfig, options: LinkOptions = {}): string {
  const pairs = [`v=${LINK_VERSION}`];
  if (options.tab) pairs.push(`tab=${options.tab}`);
  for (const key of PARAM_KEYS) {
    const spec: ParamSpec = PARAMS[key];
    const value = config[key];
    if (value === spec.default) continue;
    const text = formatValue(spec, value);
    if (text !== null) pairs.push(`${spec.short}=${text}`);
  }
  if (config.dataUrls.length > 0) pairs.push(`data=${config.dataUrls.map(encodeURIComponent).join(',')}`);
  const hide = HIDABLE_IDS.filter((id) => options.hide?.includes(id));
  if (hide.length > 0) pairs.push(`hide=${hide.join(',')}`);
  if (options.autoplay) pairs.push('autoplay=1');
  if (options.classroom) pairs.push('class=1');
  const edits = options.edits ? encodeEdits(options.edits) : '';
  if (edits) pairs.push(`ed=${edits}`);
  if (options.view) pairs.push(`view=${options.view}`);
  return pairs.join('&');
}

// ---- decoding ----------------------------------------------------------------------------------------------------

type RawPairs = Map<string, string>;

/** `raw` with each key of `defaults` it omits written out (what the older version meant by omitting it), as `version`. */
function withOmittedDefaults(raw: RawPairs, defaults: Readonly<Record<string, string>>, version: number): RawPairs {
  const next: RawPairs = new Map(raw);
  for (const [key, value] of Object.entries(defaults)) if (!next.has(key)) next.set(key, value);
  next.set('v', String(version));
  return next;
}

/** A migration rewrites the raw pairs of version n into version n + 1. */
export const MIGRATIONS: Record<number, (raw: RawPairs) => RawPairs> = {
  /**
   * v0 (the draft format, links without `v`): long setting names (`threshold=-0.5&lambdaLr=0.1`), `dataUrls=` for
   * the data and TensorFlow-Playground-style flags `<id>_hide=true` for hidden controls. Short keys already present
   * are kept (they win over a long duplicate), so a hand-typed `#thr=0` without `v` also works.
   */
  0: (raw) => {
    const next: RawPairs = new Map();
    const hidden: string[] = [];
    for (const [key, value] of raw) {
      if (key.endsWith('_hide')) {
        if (value === 'true' || value === '1') hidden.push(key.slice(0, -'_hide'.length));
      } else if (key === 'dataUrls') {
        if (!raw.has('data')) next.set('data', value);
      } else if (Object.hasOwn(PARAMS, key) && PARAMS[key as ParamKey].short !== key) {
        const short = PARAMS[key as ParamKey].short;
        if (!raw.has(short)) next.set(short, value);
      } else {
        next.set(key, value);
      }
    }
    if (hidden.length > 0) {
      const existing = next.get('hide');
      next.set('hide', existing ? `${existing},${hidden.join(',')}` : hidden.join(','));
    }
    next.set('v', '1');
    return next;
  },
  /** v1 → v2: omitted keys whose default changed get their v1 default written out. */
  1: (raw) => withOmittedDefaults(raw, V1_DEFAULTS, 2),
  /** v2 → v3: the start-up PID gains, λ₀ and β changed; omitted keys get their v2 default written out. */
  2: (raw) => withOmittedDefaults(raw, V2_DEFAULTS, 3),
  /** v3 → v4: the start-up cost limit changed; a v3 link without `thr` gets its v3 default written out. */
  3: (raw) => withOmittedDefaults(raw, V3_DEFAULTS, 4),
};

/**
 * What a v1 link meant by an omitted key whose default changed in v2 (the λ update rules and the truncation penalty
 * arrived, and the start-up config moved to the one that shows a binding constraint): v1 links keep running what
 * they ran before.
 */
export const V1_DEFAULTS: Readonly<Record<string, string>> = {
  rule: 'upstream',
  trunc: '0',
  li: '10',
};

/**
 * What a v2 link meant by an omitted key whose default changed in v3: the start-up config moved from PID gains
 * K_p 2 / K_i 0.2 / K_d 1 from λ₀ 1 at β 0.02 (λ oscillated between 0 and its peaks, J_C ≈ 0.3–0.7 below the limit)
 * to the gentler gains and stronger KL that make the constraint bind on the graded sample (docs/dynamics.md).
 */
export const V2_DEFAULTS: Readonly<Record<string, string>> = {
  kp: '2',
  ki: '0.2',
  kd: '1',
  li: '1',
  kl: '0.02',
};

/**
 * What a v3 link meant by an omitted key whose default changed in v4: the start-up cost limit moved from −0.5 (looser
 * than the SFT policy's own cost, about −1.1 on the sample, so the policy ended less safe than SFT) to one below the
 * SFT policy's cost that shows the paper's headline (docs/dynamics.md).
 */
export const V3_DEFAULTS: Readonly<Record<string, string>> = {
  thr: '-0.5',
};

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** zod schema turning one link value (text) into a valid setting value. */
function linkValueSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'enum':
      return z.enum(spec.options as unknown as [string, ...string[]]);
    case 'bool':
      return z.enum(['1', '0', 'true', 'false']).transform((text) => text === '1' || text === 'true');
    case 'int':
    case 'number': {
      const number =
        spec.kind === 'int'
          ? z.number().int().min(spec.min).max(spec.max)
          : z.number().finite().min(spec.min).max(spec.max);
      return z.string().max(MAX_VALUE_CHARS).regex(NUMBER_TEXT).transform(Number).pipe(number);
    }
  }
}
const VALUE_SCHEMAS = new Map<ParamKey, z.ZodType>(
  PARAM_KEYS.map((key) => [key, linkValueSchema(PARAMS[key])]),
);

function expectation(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'enum':
      return `one of ${spec.options.join(', ')}`;
    case 'bool':
      return '1 or 0';
    case 'int':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
  }
}

/** A value quoted safely for a warning (shortened; rendered as text by the UI). */
function quote(value: string): string {
  const short = value.length > QUOTE_CHARS ? `${value.slice(0, QUOTE_CHARS)}…` : value;
  return JSON.stringify(short);
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The part of a URL, hash or raw string that holds the pairs. */
function hashPart(hashOrUrl: string): string {
  const hashAt = hashOrUrl.indexOf('#');
  if (hashAt >= 0) return hashOrUrl.slice(hashAt + 1);
  if (/^[a-z][a-z\d+.-]*:/i.test(hashOrUrl) || hashOrUrl.startsWith('/')) return ''; // a URL without a hash
  return hashOrUrl.replace(/^\?/, '');
}

const DataUrlSchema = z
  .string()
  .max(MAX_URL_CHARS)
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  });

/** Decodes a hash (`#…`), a whole URL or bare pairs. Never throws. */
export function decodeLink(hashOrUrl: unknown): DecodedLink {
  const config = defaultConfig();
  const warnings: string[] = [];
  const fallbacks: string[] = [];
  /** A warning whose setting is not in force as the link asked. */
  const fellBack = (text: string) => {
    warnings.push(text);
    fallbacks.push(text);
  };
  const result: DecodedLink = {
    config,
    tab: null,
    hide: [],
    autoplay: false,
    classroom: false,
    edits: [],
    view: null,
    warnings,
    fallbacks,
    version: LINK_VERSION,
  };
  if (typeof hashOrUrl !== 'string') return result;

  let text = hashPart(hashOrUrl);
  if (text.length > MAX_LINK_CHARS) {
    fellBack(`The link is ${text.length} characters long; only the first ${MAX_LINK_CHARS} were read.`);
    text = text.slice(0, MAX_LINK_CHARS);
  }
  if (text.trim() === '') return result;

  // A Map, not an object: keys such as `__proto__` or `constructor` are plain strings here.
  let raw: RawPairs = new Map();
  const duplicates = new Map<string, number>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    // Data URLs are encoded one by one and comma-joined: they are decoded after the split, not here.
    const value = key !== null && LIST_OF_ENCODED.has(key) ? rawValue : safeDecode(rawValue);
    if (key === null || value === null) {
      fellBack(`Ignored ${quote(part)}: it is not valid URL encoding.`);
      continue;
    }
    if (raw.has(key)) duplicates.set(key, (duplicates.get(key) ?? 1) + 1);
    raw.set(key, value);
  }
  for (const [key, count] of duplicates) {
    warnings.push(`${quote(key)} appears ${count} times in the link; the last value, ${quote(raw.get(key)!)}, is used.`);
  }

  const versionText = raw.get('v');
  let version = 0;
  if (versionText !== undefined) {
    const valid = /^\d{1,4}$/.test(versionText);
    version = valid ? Number(versionText) : LINK_VERSION;
    if (!valid) warnings.push(`v: ${quote(versionText)} is not a version number; read as v${LINK_VERSION}.`);
  }
  result.version = version;
  if (version > LINK_VERSION) {
    fellBack(
      `This link was made by a newer version (v${version}); settings this version does not know are ignored.`,
    );
  }
  for (let from = version; from < LINK_VERSION; from++) raw = MIGRATIONS[from]?.(raw) ?? raw;

  const unknown: string[] = [];
  for (const [key, value] of raw) {
    const param = SHORT_TO_KEY.get(key);
    if (param === undefined) {
      if (!RESERVED_KEYS.has(key)) unknown.push(key);
      continue;
    }
    const parsed = VALUE_SCHEMAS.get(param)!.safeParse(value);
    const spec: ParamSpec = PARAMS[param];
    if (parsed.success) (config as Record<ParamKey, unknown>)[param] = parsed.data;
    else fellBack(`${key}: ${quote(value)} is not ${expectation(spec)}; using the default ${String(spec.default)}.`);
  }
  if (unknown.length > 0) {
    const listed = unknown.slice(0, 5).map(quote).join(', ');
    fellBack(
      `Ignored unknown link setting${unknown.length > 1 ? 's' : ''} ${listed}${unknown.length > 5 ? ', …' : ''}.`,
    );
  }

  const data = raw.get('data');
  if (data !== undefined && data !== '') {
    const entries = data.split(',');
    if (entries.length > MAX_DATA_URLS)
      fellBack(`data: only the first ${MAX_DATA_URLS} of ${entries.length} URLs were read.`);
    for (const entry of entries.slice(0, MAX_DATA_URLS)) {
      const url = safeDecode(entry);
      if (url !== null && DataUrlSchema.safeParse(url).success) config.dataUrls.push(url);
      else fellBack(`data: ${quote(url ?? entry)} is not an http(s) URL; skipped.`);
    }
  }

  const hide = raw.get('hide');
  if (hide !== undefined && hide !== '') {
    for (const id of hide.split(',')) {
      if (HIDABLE_SET.has(id)) {
        if (!result.hide.includes(id as HidableId)) result.hide.push(id as HidableId);
      } else {
        warnings.push(`hide: ${quote(id)} is not a control that can be hidden; ignored.`);
      }
    }
  }

  const autoplay = raw.get('autoplay');
  if (autoplay !== undefined) {
    if (autoplay === '1' || autoplay === 'true' || autoplay === '') result.autoplay = true;
    else if (autoplay !== '0' && autoplay !== 'false')
      warnings.push(`autoplay: ${quote(autoplay)} is not 1 or 0; ignored.`);
  }

  const tab = raw.get('tab');
  if (tab !== undefined) {
    const parsed = TabSchema.safeParse(tab);
    if (parsed.success) result.tab = parsed.data;
    else warnings.push(`tab: ${quote(tab)} is not one of ${AREAS.join(', ')}; ignored.`);
  }

  const edits = raw.get('ed');
  if (edits !== undefined) {
    const decoded = decodeEdits(edits);
    result.edits = decoded.edits;
    // A skipped edit means the replay is not the run the link describes.
    for (const warning of decoded.warnings) fellBack(warning);
  }

  const view = raw.get('view');
  if (view !== undefined && view !== '') {
    if ((LINK_VIEWS as readonly string[]).includes(view)) result.view = view as LinkView;
    else warnings.push(`view: ${quote(view)} is not one of ${LINK_VIEWS.join(', ')}; ignored.`);
  }

  const classroom = raw.get('class');
  if (classroom !== undefined) {
    if (classroom === '1' || classroom === 'true' || classroom === '') result.classroom = true;
    else if (classroom !== '0' && classroom !== 'false')
      warnings.push(`class: ${quote(classroom)} is not 1 or 0; ignored.`);
  }
  return result;
}

/** A full URL for the current page (origin, path and `?backend=` kept) with the given hash. */
export function linkUrl(base: { origin: string; pathname: string; search: string }, hash: string): string {
  return `${base.origin}${base.pathname}${base.search}#${hash}`;
}
