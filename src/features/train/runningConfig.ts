import type { ExperimentConfig } from '../../config/params';
import type { TrainState } from '../../state/slices/trainSlice';

/**
 * The config that labels, chart notes and explanations describe: the engine's (with the live edits it accepted)
 * once it exists, else the edited one. Edits the engine has not taken yet are pending and shown as such.
 */
export function runningConfig(train: Pick<TrainState, 'appliedConfig' | 'runState'>, edited: ExperimentConfig): ExperimentConfig {
  const engineExists = train.runState !== 'uninitialised' && train.runState !== 'failed' && train.runState !== 'initialising';
  return engineExists && train.appliedConfig ? train.appliedConfig : edited;
}
