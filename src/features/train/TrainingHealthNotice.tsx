import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { seedsInSeries } from '../../util/groupRows';
import { trainingHealth } from './trainingHealth';

/** A visible warning while the latest metrics show a run collapsing with in-range settings. */
export function TrainingHealthNotice({ table, config }: { table: MetricTable | undefined; config: ExperimentConfig }) {
  const warnings = trainingHealth(table, config);
  if (warnings.length === 0) return null;
  // A seed group's rows hold means across its seeds: the warnings read those.
  const seeds = table ? seedsInSeries(table).length : 0;
  return (
    <div className="notice notice-warning train-health" role="status" data-testid="train-health">
      {seeds > 1 && <p className="small">Read from the means over the group&apos;s {seeds} seeds.</p>}
      <ul>
        {warnings.map((warning) => (
          <li key={warning.id} data-testid={`train-health-${warning.id}`}>
            {warning.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
