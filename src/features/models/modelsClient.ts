// Main-thread side of the models area: calls the worker, keeps the models slice current, resets the live curves.
import { onStatus } from '../../worker/statusBus';
import { resetStream } from '../../metrics/metricsHub';
import type { ModelKind, ModelsStatus } from '../../models/types';
import { useAppStore } from '../../state/store';
import { trainer } from '../../worker/client';
import { downloadBlob } from '../runs/downloads';
import { errorText } from '../../util/errorText';

const KINDS: readonly ModelKind[] = ['reward', 'cost', 'guard'];

function actions() {
  return useAppStore.getState().modelsActions;
}

let subscribed = false;

/** Follows the worker's status events for the three model jobs (idempotent). */
export function followModelJobs(): void {
  if (subscribed) return;
  subscribed = true;
  for (const kind of KINDS) {
    onStatus(kind, (event) => {
      const job = useAppStore.getState().models.job;
      if (event.kind === 'error') actions().setMessage('error', event.message);
      if (event.kind === 'done' && !job) actions().setMessage('info', event.message);
      if (!job || job.kind !== kind) return;
      if (event.kind === 'progress' || event.kind === 'phase' || event.kind === 'started')
        actions().setJob({ ...job, state: 'running', progress: event.progress ?? job.progress, message: event.message });
      else if (event.kind === 'paused') actions().setJob({ ...job, state: 'paused', message: event.message });
      else if (event.kind === 'info') actions().setJob({ ...job, message: event.message });
      else if (event.kind === 'done' || event.kind === 'stopped') actions().setMessage('info', event.message);
    });
  }
}

export async function refreshModels(): Promise<void> {
  try {
    actions().setStatus(await trainer().modelsStatus());
  } catch (error) {
    actions().setMessage('error', `Could not read the models: ${errorText(error)}`);
  }
}

export async function trainModel(kind: ModelKind): Promise<void> {
  followModelJobs();
  const config = useAppStore.getState().config;
  resetStream(kind);
  resetStream(`${kind}-eval`);
  actions().setJob({ kind, state: 'running', progress: 0, message: 'Starting…' });
  try {
    actions().setStatus(await trainer().trainModel(kind, config));
  } catch (error) {
    actions().setMessage('error', errorText(error));
  } finally {
    actions().setJob(null);
  }
}

export function pauseTraining(): void {
  void trainer().pauseTraining();
}

export function resumeTraining(): void {
  const job = useAppStore.getState().models.job;
  if (job) actions().setJob({ ...job, state: 'running' });
  void trainer().resumeTraining();
}

export function stopTraining(): void {
  void trainer().stopTraining();
}

/** Runs a non-training operation with the busy flag set; shows its error instead of throwing. */
async function operation(label: string, run: () => Promise<ModelsStatus>, done: string): Promise<void> {
  actions().setBusy(label);
  try {
    actions().setStatus(await run());
    actions().setMessage('info', done);
  } catch (error) {
    actions().setMessage('error', `${label} failed: ${errorText(error)}`);
  } finally {
    actions().setBusy(null);
  }
}

export const loadPretrained = () =>
  operation('Loading the pretrained models', () => trainer().loadPretrained(), 'Loaded the pretrained models.');
export const saveToBrowser = () =>
  operation('Saving to this browser', () => trainer().saveModels('indexeddb'), 'Saved the models in this browser (IndexedDB).');
export const loadFromBrowser = () =>
  operation('Loading from this browser', () => trainer().loadModels('indexeddb'), 'Loaded the models saved in this browser.');
export const importModel = (kind: ModelKind, files: File[]) =>
  operation(`Importing the ${kind} model`, () => trainer().importModel(kind, files), `Imported the ${kind} model.`);

/** Downloads the model's .json + .weights.bin (the worker has no document, so the files come here). */
export async function exportModel(kind: ModelKind): Promise<void> {
  actions().setBusy(`Exporting the ${kind} model`);
  try {
    const files = await trainer().exportModel(kind);
    for (const file of files) downloadBlob(file.name, file.blob);
    actions().setMessage('info', `Exported ${files.map((f) => f.name).join(' and ')}.`);
  } catch (error) {
    actions().setMessage('error', `Export failed: ${errorText(error)}`);
  } finally {
    actions().setBusy(null);
  }
}
