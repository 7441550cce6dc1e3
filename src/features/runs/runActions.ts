/** What the run list's buttons do (outside components, so they stay small). */
import { PARAMS } from '../../config/params';
import { validateRecordedConfig } from '../../config/schema';
import { bundleJson } from '../../runs/bundle';
import { runsToCsv } from '../../runs/csv';
import { runsSummaryCsv } from '../../runs/summaryCsv';
import { loadRun } from '../../runs/history';
import { describeScheduled, scheduleFromRecorded } from '../../train/ppo/schedule';
import type { RunMeta, RunRecord } from '../../runs/types';
import { useAppStore } from '../../state/store';
import { downloadText, fileSafe } from './downloads';
import { errorText } from '../../util/errorText';

const notify = (level: 'info' | 'warning' | 'error', message: string) =>
  useAppStore.getState().systemActions.notify(level, message);

async function load(meta: RunMeta): Promise<RunRecord | null> {
  try {
    const record = await loadRun(meta.id);
    if (record) return record;
    notify('error', `Run “${meta.name}” is no longer in browser storage.`);
  } catch (error) {
    notify(
      'error',
      `Could not read run “${meta.name}”: ${errorText(error)}`,
    );
  }
  return null;
}

export async function exportBundle(meta: RunMeta): Promise<void> {
  const record = await load(meta);
  if (record) downloadText(`${fileSafe(record.name)}.json`, bundleJson(record), 'application/json');
}

/** The picked runs' records (those that still load) and the file name stem they export under. */
async function pickedRecords(metas: readonly RunMeta[]): Promise<{ records: RunRecord[]; stem: string } | null> {
  const records: RunRecord[] = [];
  for (const meta of metas) {
    const record = await load(meta);
    if (record) records.push(record);
  }
  if (records.length === 0) return null;
  return { records, stem: records.length === 1 ? fileSafe(records[0].name) : `runs-${records.length}` };
}

export async function exportCsv(metas: readonly RunMeta[]): Promise<void> {
  const picked = await pickedRecords(metas);
  if (picked) downloadText(`${picked.stem}.csv`, runsToCsv(picked.records), 'text/csv');
}

/**
 * One summary row per picked run (per seed for a group) with the runner's summary.csv names: last-10/last-50 means,
 * the last evaluation, and maxOvershoot, timeAboveLimit, cumulativeViolation, feasibility.
 */
export async function exportSummaryCsv(metas: readonly RunMeta[]): Promise<void> {
  const picked = await pickedRecords(metas);
  if (picked) downloadText(`${picked.stem}-summary.csv`, runsSummaryCsv(picked.records), 'text/csv');
}

/** "after iteration 40: Cost limit −0.5 → 0.2; …" for the notice of a duplicated run. */
export function describeChanges(meta: Pick<RunMeta, 'configChanges'>): string {
  return (meta.configChanges ?? [])
    .map((c) => `after iteration ${c.afterIteration}: ${PARAMS[c.key].label} ${String(c.from)} → ${String(c.to)}`)
    .join('; ');
}

/** Loads the run's start settings into the editor (clearing any scripted changes) and opens the Train area. */
function loadStartSettings(meta: RunMeta): string {
  const { config, issues } = validateRecordedConfig(meta.config);
  const state = useAppStore.getState();
  state.configActions.replace(config);
  state.trainActions.setScheduled([]);
  state.uiActions.setArea('train');
  return issues.length ? ` (${issues.length} setting(s) were invalid and reset to defaults)` : '';
}

/**
 * Loads the run's start settings into the editor and opens the Train area (the run itself is untouched). Live
 * changes made during the run are not replayed: the notice lists them, so nobody mistakes the copy for a replay.
 */
export function duplicateAsConfig(meta: RunMeta): void {
  const note = loadStartSettings(meta);
  const changes = describeChanges(meta);
  const live = changes
    ? ` Its live changes are not replayed (“Duplicate with changes” replays them); make them by hand to reproduce it (${changes}).`
    : '';
  notify(changes ? 'warning' : 'info', `Loaded the start settings of “${meta.name}”${note}. Start to train them as a new run.${live}`);
}

/**
 * Loads the run's start settings and schedules its recorded live changes to be made again at the same iteration
 * boundaries of the next run (the Train area shows them as pending until they apply).
 */
export function duplicateWithChanges(meta: RunMeta): void {
  const note = loadStartSettings(meta);
  const schedule = scheduleFromRecorded(meta.configChanges ?? []);
  useAppStore.getState().trainActions.setScheduled(schedule);
  const skipped = (meta.configChanges?.length ?? 0) - schedule.length;
  const left = skipped > 0 ? ` ${skipped} recorded change(s) cannot be made mid-run and were left out.` : '';
  notify(
    skipped > 0 ? 'warning' : 'info',
    `Loaded the start settings of “${meta.name}”${note} with its live changes scripted: ${schedule.map(describeScheduled).join('; ')}. Start to train them as a new run.${left}`,
  );
}
