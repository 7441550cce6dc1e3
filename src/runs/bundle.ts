/**
 * Run bundles: one run as JSON, `{ schema: 'srlhfv-run', version: 1, config, metrics, evaluations, generations?,
 * backend, versions, startedAt, endedAt, name?, tags?, notes? }`. The headless runner (scripts/experiment.ts) writes
 * the same type to results/<run>/metrics.json (with models and halted), so name, tags, notes and generations are
 * optional on import.
 * Metrics are row objects; NaN is written as null (JSON has no NaN).
 */
// First: zod's jitless mode before this module builds its schemas (whichever chunk the bundler puts it in).
import '../util/zodJitless';
import * as z from 'zod';
import { PARAMS, type ParamKey } from '../config/params';
import { paramSchema, validateRecordedConfig } from '../config/schema';
import { SEVERITY_LEVELS } from '../data/record';
import { metricTableProblem } from './bundleLimits';
import { seriesFromRows, seriesToRows, summarize } from './series';
import { RUN_STATUSES, type ConfigChange, type RunRecord } from './types';
import { errorText } from '../util/errorText';

export const BUNDLE_SCHEMA = 'srlhfv-run';
export const BUNDLE_VERSION = 1;
/** Import refuses larger files before reading them (a 100k-iteration run is ~40 MB of JSON). */
export const MAX_BUNDLE_BYTES = 200 * 1024 * 1024;

const Row = z.record(z.string().max(100), z.number().nullable());
const Timestamp = z.union([z.string().max(40), z.number().finite()]);
const TokenDetail = z.object({
  token: z.string(),
  logProbRatio: z.number(),
  kl: z.number(),
  advantage: z.number(),
});
const Response = z.object({
  text: z.string(),
  reward: z.number(),
  cost: z.number(),
  guardUnsafe: z.number(),
  guardSeverity: z.string(),
});
const Generation = z.object({
  recordId: z.string(),
  question: z.string(),
  category: z.string(),
  policy: Response.extend({ tokens: z.array(TokenDetail) }),
  sft: Response,
});

const SettingValue = z.union([z.number(), z.string().max(100), z.boolean()]);
const ConfigChangeSchema = z.object({
  afterIteration: z.number(),
  key: z.string().max(100),
  from: SettingValue,
  to: SettingValue,
});

export const RunBundleSchema = z.object({
  schema: z.literal(BUNDLE_SCHEMA),
  version: z.literal(BUNDLE_VERSION),
  config: z.record(z.string(), z.unknown()),
  configChanges: z.array(ConfigChangeSchema).max(100_000).optional(),
  forkedFrom: z
    .object({ runId: z.string().max(100), runName: z.string().max(500), iteration: z.number().int().min(0) })
    .optional(),
  metrics: z.array(Row),
  evaluations: z.array(Row).optional(),
  generations: z.array(Generation).optional(),
  backend: z.union([z.string(), z.looseObject({ active: z.string() })]),
  numerics: z
    .object({
      backend: z.string().max(100),
      passed: z.boolean(),
      maxDeviation: z.number().nullable(),
      worst: z.string().max(200).nullable(),
      tolerance: z.number(),
    })
    .optional(),
  versions: z.record(z.string(), z.string()).optional(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable().optional(),
  name: z.string().max(500).optional(),
  tags: z.array(z.string().max(100)).max(100).optional(),
  notes: z.string().max(100_000).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  message: z.string().optional(),
  /** Where the headless runner's SFT policy and reward/cost/guard models came from ('shipped', 'trained', 'none'). */
  models: z.record(z.string().max(40), z.string().max(40)).optional(),
  /** The NaN/Inf guard's message when it stopped a headless run early. */
  halted: z.string().optional(),
  /** The headless runner's feasibility pilot: the SFT policy's cost and the reachable range (src/rl/feasibility.ts). */
  costPilot: z
    .object({
      sftCost: z.number(),
      floor: z.number(),
      ceiling: z.number(),
      prompts: z.number().int().min(1).max(100_000),
      samplesPerPrompt: z.number().int().min(1).max(1_000),
    })
    .optional(),
});
export type RunBundle = z.infer<typeof RunBundleSchema>;

/**
 * A bundle as its writer builds it before JSON (the headless runner, scripts/experiment/run.ts): RunBundle's shape
 * with typed rows. Its JSON parses as RunBundle with no unknown field (scripts/experiment/experiment.test.ts).
 */
export type RunBundleOf<Metrics, Evaluations> = Omit<RunBundle, 'metrics' | 'evaluations'> & {
  metrics: Metrics[];
  evaluations: Evaluations[];
};

export function toBundle(run: RunRecord) {
  return {
    schema: BUNDLE_SCHEMA,
    version: BUNDLE_VERSION,
    name: run.name,
    tags: run.tags,
    notes: run.notes,
    status: run.status,
    ...(run.message ? { message: run.message } : {}),
    config: run.config,
    configChanges: run.configChanges ?? [],
    ...(run.forkedFrom ? { forkedFrom: run.forkedFrom } : {}),
    metrics: seriesToRows(run.metrics),
    evaluations: seriesToRows(run.evaluations),
    generations: run.generations,
    backend: run.backend,
    ...(run.numerics ? { numerics: run.numerics } : {}),
    ...(run.costPilot ? { costPilot: run.costPilot } : {}),
    versions: run.versions,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
  };
}

export function bundleJson(run: RunRecord): string {
  return JSON.stringify(toBundle(run), null, 1);
}

function isoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export type BundleParse =
  { ok: true; run: Omit<RunRecord, 'id' | 'seq'>; warnings: string[] } | { ok: false; error: string };

/** `metrics[3].rewardMean: Invalid input: expected number, received string` */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    '',
  );
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Parses and validates a bundle file's text. Errors name the file and the problem; config problems (e.g. a setting
 * this version does not know) are warnings and the setting takes its default.
 */
export function parseBundle(text: string, fileName: string): BundleParse {
  const fail = (problem: string): BundleParse => ({ ok: false, error: `${fileName}: ${problem}` });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = errorText(error);
    return fail(`not valid JSON (${detail}); the file may be truncated or not a run bundle.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('not a run bundle (expected a JSON object).');
  }
  const object = json as Record<string, unknown>;
  if (object.schema !== BUNDLE_SCHEMA) {
    return fail(
      `not a run bundle (schema is ${JSON.stringify(object.schema ?? null)}, expected "${BUNDLE_SCHEMA}").`,
    );
  }
  if (object.version !== BUNDLE_VERSION) {
    return fail(
      `bundle version ${JSON.stringify(object.version ?? null)} is not supported (this app reads version ${BUNDLE_VERSION}).`,
    );
  }
  // Bounded before validation and before any table is built (bundleLimits.ts).
  const tableProblem = metricTableProblem('metrics', object.metrics) ?? metricTableProblem('evaluations', object.evaluations);
  if (tableProblem) return fail(tableProblem);
  const parsed = RunBundleSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, 3).map(describeIssue).join('; ');
    return fail(
      `invalid run bundle: ${listed}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}.`,
    );
  }
  const bundle = parsed.data;
  const startedAt = isoTime(bundle.startedAt);
  if (startedAt === null)
    return fail(`invalid run bundle: startedAt ${JSON.stringify(bundle.startedAt)} is not a date.`);
  const { config, issues } = validateRecordedConfig(bundle.config);
  const warnings = issues.map((issue) =>
    issue.unknown
      ? `${fileName}: config.${issue.field}: ${issue.message}.`
      : `${fileName}: config.${issue.field}: ${issue.message}; the default is used.`,
  );
  const configChanges: ConfigChange[] = [];
  for (const [index, change] of (bundle.configChanges ?? []).entries()) {
    const known = Object.hasOwn(PARAMS, change.key);
    if (known && paramSchema(PARAMS[change.key as ParamKey]).safeParse(change.to).success) {
      configChanges.push(change as ConfigChange);
    } else {
      warnings.push(
        `${fileName}: configChanges[${index}] (${change.key} → ${String(change.to)}) is not a valid setting change; skipped.`,
      );
    }
  }
  const metrics = seriesFromRows(bundle.metrics);
  const evaluations = seriesFromRows(bundle.evaluations ?? []);
  const endedAt = isoTime(bundle.endedAt);
  const baseName = fileName.replace(/\.json$/i, '');
  return {
    ok: true,
    warnings,
    run: {
      name: bundle.name?.trim() || baseName,
      tags: bundle.tags ?? [],
      notes: bundle.notes ?? '',
      config,
      ...(configChanges.length > 0 ? { configChanges } : {}),
      ...(bundle.forkedFrom ? { forkedFrom: bundle.forkedFrom } : {}),
      backend: typeof bundle.backend === 'string' ? bundle.backend : bundle.backend.active,
      ...(bundle.numerics ? { numerics: bundle.numerics } : {}),
      ...(bundle.costPilot ? { costPilot: bundle.costPilot } : {}),
      versions: { app: '?', tfjs: '?', ...bundle.versions },
      startedAt,
      endedAt,
      status:
        bundle.status && bundle.status !== 'running' && bundle.status !== 'paused'
          ? bundle.status
          : 'finished',
      source: 'imported',
      ...(bundle.message ? { message: bundle.message } : {}),
      summary: summarize(metrics, evaluations),
      metrics,
      evaluations,
      generations: (bundle.generations ?? []).map((sample) => ({
        ...sample,
        policy: { ...sample.policy, guardSeverity: severity(sample.policy.guardSeverity) },
        sft: { ...sample.sft, guardSeverity: severity(sample.sft.guardSeverity) },
      })),
    },
  };
}

/** Severity text is shown as-is; unknown labels are kept (rendered as text) but trimmed. */
function severity(label: string): string {
  return (SEVERITY_LEVELS as readonly string[]).includes(label) ? label : label.slice(0, 40);
}
