import type { CSSProperties } from 'react';
import type { ClassReport } from '../../models/types';
import { percent } from './useModels';

const humanize = (label: string) => label.replaceAll('_', ' ');

/** Per-class precision / recall and the confusion matrix (rows: dataset label, columns: prediction). */
export function ClassReportTable({ report, title, testId }: { report: ClassReport; title: string; testId: string }) {
  const shown = report.labels.map((_, i) => i).filter((i) => report.support[i] > 0 || report.confusion.some((row) => row[i] > 0));
  return (
    <div className="class-report" data-testid={testId}>
      <h3>
        {title}: accuracy {percent(report.accuracy)}%
      </h3>
      <table className="table compact">
        <caption className="muted small">Precision and recall per class (classes absent from the held-out set are hidden)</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Precision %</th>
            <th scope="col">Recall %</th>
            <th scope="col">Support</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={report.labels[i]}>
              <th scope="row">{humanize(report.labels[i])}</th>
              <td className="num">{percent(report.precision[i])}</td>
              <td className="num">{percent(report.recall[i])}</td>
              <td className="num">{report.support[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="confusion-scroll" tabIndex={0} role="region" aria-label={`${title} confusion matrix (scrolls sideways)`}>
        <table className="table compact confusion">
          <caption className="muted small">Confusion matrix (rows: dataset label, columns: guard prediction)</caption>
          <thead>
            <tr>
              <th scope="col">
              <span className="visually-hidden">Dataset label</span>
            </th>
              {shown.map((j) => (
                <th key={j} scope="col" title={humanize(report.labels[j])}>
                  {humanize(report.labels[j]).slice(0, 10)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => {
              const total = report.support[i] || 1;
              return (
                <tr key={i}>
                  <th scope="row">{humanize(report.labels[i])}</th>
                  {shown.map((j) => (
                    <td
                      key={j}
                      className={i === j ? 'confusion-cell diagonal' : 'confusion-cell'}
                      style={{ '--share': report.confusion[i][j] / total } as CSSProperties}
                      title={`${humanize(report.labels[i])} labelled, ${humanize(report.labels[j])} predicted: ${report.confusion[i][j]}`}
                    >
                      {report.confusion[i][j]}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
