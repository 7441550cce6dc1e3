import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { trainingHealth } from './trainingHealth';

/** A visible warning while the latest metrics show a run collapsing with in-range settings. */
export function TrainingHealthNotice({ table, config }: { table: MetricTable | undefined; config: ExperimentConfig }) {
  const warnings = trainingHealth(table, config);
  if (warnings.length === 0) return null;
  return (
    <div className="notice notice-warning train-health" role="status" data-testid="train-health">
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
