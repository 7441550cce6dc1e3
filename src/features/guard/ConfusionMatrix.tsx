import type { CSSProperties } from 'react';
import type { ClassificationReport } from '../../train/moderationMetrics';
import { humanize } from './format';

/** Rows: the dataset's label; columns: the guard's prediction. Shade = share of the row. */
export function ConfusionMatrix({
  report,
  caption,
  testId,
}: {
  report: ClassificationReport;
  caption: string;
  testId: string;
}) {
  const names = report.classes.map((c) => humanize(c.name));
  return (
    <div className="confusion-wrap" tabIndex={0} role="region" aria-label={`${caption} (scrolls sideways)`}>
      <table className="table compact confusion" data-testid={testId}>
        <caption>{caption} (rows: dataset label, columns: guard prediction)</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Dataset label</span>
            </th>
            {names.map((name) => (
              <th key={name} scope="col" className="confusion-col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.confusion.map((row, i) => {
            const total = row.reduce((s, v) => s + v, 0);
            return (
              <tr key={names[i]}>
                <th scope="row">{names[i]}</th>
                {row.map((count, j) => {
                  const share = total > 0 ? count / total : 0;
                  return (
                    <td
                      key={j}
                      className={i === j ? 'confusion-cell diagonal' : 'confusion-cell'}
                      style={{ '--share': share } as CSSProperties}
                      title={`${names[i]} labelled, ${names[j]} predicted: ${count}`}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
