import type { ExperimentConfig } from '../../config/params';
import { useAppStore } from '../../state/store';
import { limitRangeView } from './limitRange';

/**
 * Beside the cost limit (issue 21): the SFT policy's cost and the reachable range from the feasibility pilot, and,
 * for PPO-Lagrangian, what the limit means against them (binds, starts slack, never binds, unreachable).
 */
export function LimitRangeNote({ config }: { config: Pick<ExperimentConfig, 'threshold' | 'algorithm'> }) {
  const pilot = useAppStore((s) => s.train.costPilot);
  const view = limitRangeView(pilot, config);
  return (
    <div className="limit-range small" data-testid="limit-range" data-status={view.status} data-region={view.region ?? ''} aria-live="polite" aria-busy={view.status === 'pending'}>
      <p className={view.status === 'ready' ? undefined : 'muted'} data-testid="limit-range-measured">
        {view.range}
      </p>
      {view.advice && (
        <p className={view.region === 'unreachable' || view.region === 'slack' ? 'limit-range-warning' : undefined} data-testid="limit-range-advice">
          {view.advice}
        </p>
      )}
    </div>
  );
}
