/** What the run list's buttons do (outside components, so they stay small). */
import { validateRecordedConfig } from '../../config/schema';
import { bundleJson } from '../../runs/bundle';
import { runsToCsv } from '../../runs/csv';
import { loadRun } from '../../runs/history';
import type { RunMeta, RunRecord } from '../../runs/types';
import { useAppStore } from '../../state/store';
import { downloadText, fileSafe } from './downloads';

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
      `Could not read run “${meta.name}”: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return null;
}

export async function exportBundle(meta: RunMeta): Promise<void> {
  const record = await load(meta);
  if (record) downloadText(`${fileSafe(record.name)}.json`, bundleJson(record), 'application/json');
}

export async function exportCsv(metas: readonly RunMeta[]): Promise<void> {
  const records: RunRecord[] = [];
  for (const meta of metas) {
    const record = await load(meta);
    if (record) records.push(record);
  }
  if (records.length === 0) return;
  const name = records.length === 1 ? fileSafe(records[0].name) : `runs-${records.length}`;
  downloadText(`${name}.csv`, runsToCsv(records), 'text/csv');
}

/** Loads the run's settings into the editor and opens the Train area (the run itself is untouched). */
export function duplicateAsConfig(meta: RunMeta): void {
  const { config, issues } = validateRecordedConfig(meta.config);
  const state = useAppStore.getState();
  state.configActions.replace(config);
  state.uiActions.setArea('train');
  const note = issues.length ? ` (${issues.length} setting(s) were invalid and reset to defaults)` : '';
  notify('info', `Loaded the settings of “${meta.name}”${note}. Start to train them as a new run.`);
}
