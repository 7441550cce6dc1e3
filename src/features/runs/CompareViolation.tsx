import { formatNumber } from '../../charts/scales';
import type { RunRecord } from '../../runs/types';
import { runViolation } from './runViolation';

/** Violation during training of the compared runs, one row each (issue 21). */
export function CompareViolation({ records }: { records: readonly RunRecord[] }) {
  if (records.length === 0) return null;
  const number = (x: number) => (Number.isFinite(x) ? formatNumber(x) : '—');
  return (
    <div className="runs-table-wrap">
      <table className="table compact compare-violation" data-testid="compare-violation">
        <caption>
          Constraint violation during training (from the first full cost window; each iteration against its
          own limit)
        </caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">largest overshoot of J_C</th>
            <th scope="col">time above limit</th>
            <th scope="col">cumulative violation Σ max(0, J_C − limit)</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => {
            const violation = runViolation(record.metrics, record.config);
            return (
              <tr key={record.id}>
                <td>{record.name}</td>
                <td>{number(violation.maxOvershoot)}</td>
                <td>
                  {Number.isFinite(violation.timeAboveLimit)
                    ? `${(violation.timeAboveLimit * 100).toFixed(0)}%`
                    : '—'}
                </td>
                <td>{number(violation.cumulativeViolation)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
