// Command-line parsing for the headless runner: --config | --link, --backend, --iterations, --out, --sweep.
import { PARAMS, type ExperimentConfig, type ParamKey } from '../../src/config/params';
import { isParamKey, validateConfig } from '../../src/config/schema';
import type { ScheduledChange } from '../../src/train/ppo/schedule';
import { checkExtraArgs, EXTRA_USAGE, parseExtraFlag, type ExtraArgs } from './extraArgs';
import { parseIterations } from './numbers';

export interface ExperimentArgs extends ExtraArgs {
  config?: string;
  link?: string;
  backend: 'cpu' | 'wasm';
  iterations?: number;
  out: string;
  sweep?: string;
  weightsDir?: string;
  /** Scripted live edits (--set-at ITERATION:key=value, repeatable), in the order given. */
  setAt?: ScheduledChange[];
}

export const USAGE = `npm run experiment -- [--config run.json | --link '<shared link or #hash>'] [--backend cpu|wasm]
    [--iterations N] [--out results/] [--sweep 'threshold=-0.5,0,0.5;lambdaLr=0.05,0.1'] [--weights public/weights]
    [--set-at ITERATION:key=value ...]   e.g. --set-at 100:threshold=-1.25 (a live edit before that iteration)
${EXTRA_USAGE}`;

export function parseArgs(argv: readonly string[]): ExperimentArgs {
  const args: ExperimentArgs = { backend: 'wasm', out: 'results' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value.\n${USAGE}`);
      i++;
      return value;
    };
    switch (flag) {
      case '--config': args.config = need(); break;
      case '--link': args.link = need(); break;
      case '--out': args.out = need(); break;
      case '--sweep': args.sweep = need(); break;
      case '--weights': args.weightsDir = need(); break;
      case '--set-at': (args.setAt ??= []).push(parseSetAt(need())); break;
      case '--backend': {
        const backend = need();
        if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`--backend must be cpu or wasm, got "${backend}"`);
        args.backend = backend;
        break;
      }
      case '--iterations':
        args.iterations = parseIterations(need());
        break;
      default: {
        const last = parseExtraFlag(argv, i, args);
        if (last < 0) throw new Error(`Unknown argument "${flag}".\n${USAGE}`);
        i = last;
      }
    }
  }
  if (args.config && args.link) throw new Error('Give either --config or --link, not both.');
  checkExtraArgs(args);
  return args;
}

/** A config file's settings, validated field by field; any issue is an error naming the file and field. */
export function configFromJson(text: string, source: string): ExperimentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  // A run bundle (metrics.json) carries its config under "config": accept it too, to rerun a run.
  if (raw && typeof raw === 'object' && (raw as { schema?: unknown }).schema === 'srlhfv-run') {
    raw = (raw as { config: unknown }).config;
  }
  const { config, issues } = validateConfig(raw);
  const errors = issues.filter((issue) => !issue.message.includes('ignored'));
  if (errors.length > 0) {
    throw new Error(`${source}: ${errors.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
  }
  return config;
}

/** One scripted live edit: before iteration `iteration` runs, `key` becomes `value` (as if edited in the app). */
/** A --set-at edit: the experiment core's scheduled change (src/train/ppo/schedule.ts). */
export type { ScheduledChange };

/** A setting's value from text, checked against its schema; errors name the flag, the setting and the value. */
function settingValue(flag: string, key: string, text: string): number | string | boolean {
  if (!isParamKey(key)) throw new Error(`${flag}: unknown setting "${key}"`);
  const kind: string = PARAMS[key].kind;
  const value = kind === 'enum' ? text : kind === 'bool' ? text === 'true' : Number(text);
  const { issues } = validateConfig({ [key]: value });
  if (issues.length > 0) throw new Error(`${flag}: ${key}=${text}: ${issues[0].message}`);
  return value;
}

/** '100:threshold=-1.25' → { iteration: 100, key: 'threshold', value: -1.25 }; only live settings can change mid-run. */
export function parseSetAt(spec: string): ScheduledChange {
  const match = /^\s*(\d+)\s*:\s*([A-Za-z]\w*)\s*=\s*(\S+)\s*$/.exec(spec);
  if (!match) throw new Error(`--set-at: "${spec}" must look like ITERATION:key=value, e.g. 100:threshold=-1.25`);
  const [, iterationText, key, text] = match;
  const value = settingValue('--set-at', key, text);
  if (!PARAMS[key as ParamKey].live) {
    throw new Error(`--set-at: "${key}" needs a reset in the app (it is not a live setting), so it cannot change mid-run`);
  }
  // settingValue checked the value against the setting's schema.
  return { iteration: Number(iterationText), key: key as ParamKey, value: value as ExperimentConfig[ParamKey] };
}

export interface SweepAxis {
  key: ParamKey;
  values: (number | string | boolean)[];
}

/** 'threshold=-0.5,0,0.5;lambdaLr=0.05,0.1' → axes; every value is checked against the setting's schema. */
export function parseSweep(spec: string): SweepAxis[] {
  return spec
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) throw new Error(`--sweep: "${part}" must look like key=v1,v2`);
      const key = part.slice(0, eq).trim();
      if (!isParamKey(key)) throw new Error(`--sweep: unknown setting "${key}"`);
      const values = part
        .slice(eq + 1)
        .split(',')
        .map((text) => text.trim())
        .filter((text) => text !== '')
        .map((text) => settingValue('--sweep', key, text));
      if (values.length === 0) throw new Error(`--sweep: "${key}" has no values`);
      return { key: key as ParamKey, values };
    });
}

/** The cartesian product of the axes applied to `base`, each with a readable name like "threshold=-0.5_lambdaLr=0.1". */
export function expandSweep(base: ExperimentConfig, axes: SweepAxis[]): { name: string; overrides: Record<string, unknown>; config: ExperimentConfig }[] {
  let runs: { name: string; overrides: Record<string, unknown>; config: ExperimentConfig }[] = [
    { name: 'run', overrides: {}, config: base },
  ];
  for (const axis of axes) {
    runs = runs.flatMap((run) =>
      axis.values.map((value) => ({
        name: run.name === 'run' ? `${axis.key}=${value}` : `${run.name}_${axis.key}=${value}`,
        overrides: { ...run.overrides, [axis.key]: value },
        config: { ...run.config, [axis.key]: value } as ExperimentConfig,
      })),
    );
  }
  return runs;
}
