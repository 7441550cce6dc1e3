/**
 * The app's "Run the frontier" (issue 21): the fixed-λ baseline (reward shaping, R − λ·C with λ fixed) at each λ of
 * the runner's --frontier grid, with everything else as edited, so its end points trace the reachable reward-vs-cost
 * curve. Pure.
 */
import { FRONTIER_LAMBDAS, type ExperimentConfig } from '../../config/params';

/** The runs of the frontier, in grid order: `base` with algorithm reward-shaping and λ_init = λ. */
export function frontierConfigs(base: ExperimentConfig, lambdas: readonly number[] = FRONTIER_LAMBDAS): ExperimentConfig[] {
  return lambdas.map((lambda) => ({ ...base, algorithm: 'reward-shaping', lambdaInit: lambda }));
}

const seedsText = (config: Pick<ExperimentConfig, 'seed' | 'seeds'>) =>
  config.seeds > 1 ? `seeds ${config.seed}–${config.seed + config.seeds - 1} (a group of ${config.seeds} per λ)` : `seed ${config.seed}`;

/** What the button will run, in words: how many runs, which λ, how long, which seed(s). */
export function frontierPlanText(base: Pick<ExperimentConfig, 'iterations' | 'seed' | 'seeds'>, lambdas: readonly number[] = FRONTIER_LAMBDAS): string {
  return (
    `${lambdas.length} fixed-λ runs (reward shaping at λ = ${lambdas.join(', ')}), ${base.iterations} iterations each, ` +
    `${seedsText(base)}, on the loaded data with the other settings as edited in Train.`
  );
}

export type FrontierQueueState =
  | { status: 'idle' }
  | { status: 'running'; index: number; total: number; lambda: number; cancelling: boolean }
  | { status: 'done'; total: number }
  | { status: 'cancelled'; finished: number; total: number }
  | { status: 'failed'; finished: number; total: number; message: string };

/** The queue's progress line. */
export function frontierProgressText(state: FrontierQueueState): string {
  switch (state.status) {
    case 'idle':
      return '';
    case 'running':
      return state.cancelling
        ? `Stopping the frontier after run ${state.index + 1} of ${state.total}…`
        : `Running the frontier: run ${state.index + 1} of ${state.total} (λ = ${state.lambda})…`;
    case 'done':
      return `The frontier is done: ${state.total} fixed-λ runs saved in the run list.`;
    case 'cancelled':
      return `Frontier stopped: ${state.finished} of ${state.total} runs finished (the stopped one is saved as stopped).`;
    case 'failed':
      return `The frontier stopped after ${state.finished} of ${state.total} runs: ${state.message}`;
  }
}
