/**
 * Main-thread side of the guard area: every job runs in the trainer worker; outcomes land in the guard slice, so a
 * result survives switching areas and a failure keeps the previous result on screen.
 */
import { onStatus } from '../../worker/statusBus';
import { useAppStore } from '../../state/store';
import type { GuardJobState } from '../../state/slices/guardSlice';
import type { BatchSplit, CustomModerationInput, ModerationRunOptions } from '../../worker/guardHandlers';
import { Comlink, trainer } from '../../worker/client';
import { errorText } from '../../util/errorText';

type LongJob = 'run' | 'batch';

function actions() {
  return useAppStore.getState().guardActions;
}

/** The long job ('run' or 'batch') that owns the 'moderation' status stream right now. */
let activeLongJob: LongJob | null = null;

function setLongJob(job: LongJob, state: GuardJobState): void {
  if (job === 'run') actions().setRunJob(state);
  else actions().setBatchJob(state);
}

onStatus('moderation', (event) => {
  if (!activeLongJob || (event.kind !== 'progress' && event.kind !== 'started')) return;
  setLongJob(activeLongJob, { status: 'running', progress: event.progress ?? null, message: event.message });
});

export async function moderateRecord(recordId: string): Promise<void> {
  const { threshold } = useAppStore.getState().guard;
  actions().setSampleJob({ status: 'running', progress: null, message: 'Moderating…' });
  try {
    actions().setSample(await trainer().moderateSample(recordId, threshold));
    actions().setSampleJob({ status: 'idle' });
  } catch (error) {
    actions().setSampleJob({ status: 'error', message: errorText(error) });
  }
}

export async function moderateTyped(input: CustomModerationInput): Promise<void> {
  const { threshold } = useAppStore.getState().guard;
  actions().setSampleJob({ status: 'running', progress: null, message: 'Moderating…' });
  try {
    const payload = input.imageBytes ? Comlink.transfer(input, [input.imageBytes.buffer]) : input;
    actions().setSample(await trainer().moderateCustom(payload, threshold));
    actions().setSampleJob({ status: 'idle' });
  } catch (error) {
    actions().setSampleJob({ status: 'error', message: errorText(error) });
  }
}

async function longJob<T>(job: LongJob, work: () => Promise<T>, done: (result: T) => void): Promise<void> {
  activeLongJob = job;
  setLongJob(job, { status: 'running', progress: 0, message: 'Starting…' });
  try {
    done(await work());
    setLongJob(job, { status: 'idle' });
  } catch (error) {
    setLongJob(job, { status: 'error', message: errorText(error) });
  } finally {
    if (activeLongJob === job) activeLongJob = null;
  }
}

export function runFilterAndRegenerate(options: ModerationRunOptions): Promise<void> {
  return longJob(
    'run',
    () => trainer().runModeration(options),
    (result) => actions().setRun(result),
  );
}

export function runBatchModeration(split: BatchSplit): Promise<void> {
  const { threshold } = useAppStore.getState().guard;
  return longJob(
    'batch',
    () => trainer().batchModerate({ split, threshold }),
    (result) => actions().setBatch(result),
  );
}

export function cancelModeration(): void {
  void trainer().cancelModeration();
}
