// Command-line parsing for the headless runner: --config | --link, --backend, --iterations, --out, --sweep.
import { FRONTIER_LAMBDAS, PARAMS, type ExperimentConfig, type ParamKey } from '../../src/config/params';
import { isParamKey, validateConfig } from '../../src/config/schema';
import { settingFromText } from './settingText';
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
  /** --frontier [λ,λ,…]: the fixed-λ baseline at these λ (the true frontier). */
  frontier?: number[];
}

export const USAGE = `npm run experiment -- [--config run.json | --link '<shared link or #hash>'] [--backend cpu|wasm]
    [--iterations N] [--out results/] [--sweep 'threshold=-0.5,0,0.5;lambdaLr=0.05,0.1'] [--weights public/weights]
    [--set-at ITERATION:key=value ...]   e.g. --set-at 100:threshold=-1.25 (a live edit before that iteration)
    [--frontier [0,0.25,0.5,1,2,4]]     the fixed-λ baseline (reward shaping) at each λ: the true frontier
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
      case '--frontier':
        if (value === undefined || value.startsWith('--')) args.frontier = [...FRONTIER_LAMBDAS];
        else args.frontier = parseFrontier(need());
        break;
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
  const isBundle = Boolean(raw && typeof raw === 'object' && (raw as { schema?: unknown }).schema === 'srlhfv-run');
  if (isBundle) raw = (raw as { config: unknown }).config;
  const { config, issues } = validateConfig(raw);
  // Unknown keys: in a config file an error (a misspelt "treshold" must not run the default silently); in a run
  // bundle being rerun, a warning naming them (an older version's recorded settings).
  const unknown = issues.filter((issue) => issue.unknown).map((issue) => issue.field);
  if (unknown.length > 0 && isBundle) console.warn(`${source}: config has settings this version does not know, ignored: ${unknown.join(', ')}`);
  const errors = issues.filter((issue) => (isBundle ? !issue.unknown : true));
  if (errors.length > 0) {
    throw new Error(`${source}: ${errors.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
  }
  return config;
}

/** '0,0.5,2' → [0, 0.5, 2]: each a valid λ initial (the fixed λ of reward shaping). */
export function parseFrontier(text: string): number[] {
  const values = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (values.length < 2) throw new Error(`--frontier: "${text}" needs at least two λ values, e.g. 0,0.5,2`);
  return values.map((part) => settingValue('--frontier', 'lambdaInit', part) as number);
}

/** The sweep a --frontier run makes: reward shaping at each λ, then any --sweep axes (e.g. seed). */
export function frontierSweep(lambdas: readonly number[], sweep?: string): string {
  return [`algorithm=reward-shaping;lambdaInit=${lambdas.join(',')}`, sweep].filter(Boolean).join(';');
}

/** One scripted live edit: before iteration `iteration` runs, `key` becomes `value` (as if edited in the app). */
/** A --set-at edit: the experiment core's scheduled change (src/train/ppo/schedule.ts). */
export type { ScheduledChange };

/** A setting's value from text in the runner's one number grammar (settingText.ts), checked against its schema. */
function settingValue(flag: string, key: string, text: string): number | string | boolean {
  return settingFromText(flag, key, text);
}

/** '100:threshold=-1.25' → { iteration: 100, key: 'threshold', value: -1.25 }; only live settings can change mid-run. */
export function parseSetAt(spec: string): ScheduledChange {
  const match = /^\s*([0-9]+)\s*:\s*([A-Za-z]\w*)\s*=\s*(\S+)\s*$/.exec(spec);
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
