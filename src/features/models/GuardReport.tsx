import type { GuardEvalMetrics } from '../../models/types';
import { ClassReportTable } from './ClassReportTable';
import { useModels } from './useModels';

/** The guard's held-out severity and category reports. */
export function GuardReport() {
  const { status } = useModels();
  const metrics = status?.guard?.metrics as GuardEvalMetrics | null | undefined;
  if (!metrics?.severity) return null;
  return (
    <section className="panel" aria-labelledby="guard-report-heading" data-testid="guard-report">
      <h2 id="guard-report-heading">Guard, per class (held-out responses)</h2>
      <p className="muted small">
        Severity target: safe if labelled safe, else minor / moderate / severe for harmless rate −1 / −2 / −3 (our
        mapping; the dataset does not document its scale).
      </p>
      <div className="grid-2">
        <ClassReportTable report={metrics.severity} title="Severity" testId="guard-severity-report" />
        <ClassReportTable report={metrics.category} title="Harm category" testId="guard-category-report" />
      </div>
    </section>
  );
}
