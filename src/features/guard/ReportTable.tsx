import type { ClassificationReport } from '../../train/moderationMetrics';
import { humanize, percent } from './format';

/** Per-class precision / recall / F1 with supports; "–" where a metric is undefined (0/0). */
export function ReportTable({
  report,
  caption,
  testId,
}: {
  report: ClassificationReport;
  caption: string;
  testId: string;
}) {
  return (
    <table className="table compact report-table" data-testid={testId}>
      <caption>
        {caption}: accuracy {percent(report.accuracy)}% over {report.total}
        {report.skipped > 0 && ` (${report.skipped} rows with a label outside these classes left out)`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Labelled</th>
          <th scope="col">Predicted</th>
          <th scope="col">Precision %</th>
          <th scope="col">Recall %</th>
          <th scope="col">F1 %</th>
        </tr>
      </thead>
      <tbody>
        {report.classes.map((c) => (
          <tr key={c.name}>
            <th scope="row">{humanize(c.name)}</th>
            <td>{c.support}</td>
            <td>{c.predicted}</td>
            <td>{percent(c.precision)}</td>
            <td>{percent(c.recall)}</td>
            <td>{percent(c.f1)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Macro average</th>
          <td />
          <td />
          <td>{percent(report.macroPrecision)}</td>
          <td>{percent(report.macroRecall)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
