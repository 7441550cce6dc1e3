/**
 * The `ed=` value of a run link: a run's recorded live edits as a schedule, so the recipient's run makes the same
 * edits at the same iteration boundaries (src/train/ppo/schedule.ts). One edit is `<iteration>:<short key>:<value>`,
 * edits are comma-joined in schedule order, e.g. `ed=40:thr:-1,80:thr:-1.5,120:llr:0.05`: the setting's short link
 * key and its value written as the link writes settings. `iteration` is the completed iterations when it applies
 * (a recorded ConfigChange's afterIteration). Pure; decoding never throws.
 */
import { PARAMS, PARAM_KEYS, type ParamKey, type ParamSpec } from '../config/params';
import type { ScheduledChange } from '../train/ppo/schedule';

/** More edits than this are cut (a link is not a place for a long script; 5 edits take ~60 characters). */
export const MAX_LINK_EDITS = 200;
const SHORT_TO_KEY = new Map<string, ParamKey>(PARAM_KEYS.map((key) => [PARAMS[key].short, key]));
const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const MAX_ITERATION = 1_000_000;

/** One value as the link writes it (shortest round-trip number text; bools 1/0; enum names). */
function formatValue(spec: ParamSpec, value: unknown): string | null {
  if (spec.kind === 'bool') return value ? '1' : '0';
  if (spec.kind === 'enum') return typeof value === 'string' && spec.options.includes(value) ? value : null;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** The `ed=` value for a schedule ('' when it has no edit that can be written). Only live settings are written. */
export function encodeEdits(edits: readonly ScheduledChange[]): string {
  const parts: string[] = [];
  for (const edit of edits.slice(0, MAX_LINK_EDITS)) {
    const spec: ParamSpec | undefined = PARAMS[edit.key];
    if (!spec?.live || !Number.isInteger(edit.iteration) || edit.iteration < 0) continue;
    const text = formatValue(spec, edit.value);
    if (text !== null) parts.push(`${edit.iteration}:${spec.short}:${text}`);
  }
  return parts.join(',');
}

function parseValue(spec: ParamSpec, text: string): ScheduledChange['value'] | null {
  switch (spec.kind) {
    case 'enum':
      return spec.options.includes(text) ? (text as ScheduledChange['value']) : null;
    case 'bool':
      return text === '1' ? (true as never) : text === '0' ? (false as never) : null;
    case 'int':
    case 'number': {
      if (text.length > 64 || !NUMBER_TEXT.test(text)) return null;
      const value = Number(text);
      if (!Number.isFinite(value) || value < spec.min || value > spec.max) return null;
      if (spec.kind === 'int' && !Number.isInteger(value)) return null;
      return value as ScheduledChange['value'];
    }
  }
}

export interface DecodedEdits {
  edits: ScheduledChange[];
  /** One per skipped edit, naming it and why. */
  warnings: string[];
}

/** Reads an `ed=` value; an edit that is malformed, names no live setting or holds an invalid value is skipped. */
export function decodeEdits(text: string): DecodedEdits {
  const edits: ScheduledChange[] = [];
  const warnings: string[] = [];
  if (text.trim() === '') return { edits, warnings };
  const parts = text.split(',');
  if (parts.length > MAX_LINK_EDITS) warnings.push(`ed: only the first ${MAX_LINK_EDITS} of ${parts.length} edits were read.`);
  for (const part of parts.slice(0, MAX_LINK_EDITS)) {
    const shown = JSON.stringify(part.length > 40 ? `${part.slice(0, 40)}…` : part);
    const fields = part.split(':');
    if (fields.length !== 3 || !/^\d{1,7}$/.test(fields[0]) || Number(fields[0]) > MAX_ITERATION) {
      warnings.push(`ed: ${shown} is not <iteration>:<setting>:<value>; skipped.`);
      continue;
    }
    const key = SHORT_TO_KEY.get(fields[1]);
    if (key === undefined || !PARAMS[key].live) {
      warnings.push(`ed: ${shown} names no setting that can change during a run; skipped.`);
      continue;
    }
    const value = parseValue(PARAMS[key], fields[2]);
    if (value === null) {
      warnings.push(`ed: ${shown} has a value outside what ${PARAMS[key].label} accepts; skipped.`);
      continue;
    }
    edits.push({ iteration: Number(fields[0]), key, value });
  }
  return { edits, warnings };
}
