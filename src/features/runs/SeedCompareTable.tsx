import { useMemo } from 'react';
import type { RunRecord } from '../../runs/types';
import { noVerdictReason, seedCompareTable, type SeedMeasure } from '../../runs/seedCompare';
import { RunColumnHeads } from './RunColumnHeads';
import { formatNumber } from './format';

const shown = (measure: SeedMeasure, value: number) => formatNumber(value * (measure.factor ?? 1));

/** "1.23 ± 0.04 (4 seeds)", or the one value of a single run. */
function spreadText(measure: SeedMeasure, spread: { n: number; mean: number; sd: number }): string {
  if (spread.n === 0) return '—';
  if (spread.n === 1) return `${shown(measure, spread.mean)}${measure.unit ?? ''} (1 seed)`;
  return `${shown(measure, spread.mean)} ± ${shown(measure, spread.sd)}${measure.unit ?? ''} (${spread.n} seeds)`;
}

/**
 * The seed-spread diff table (on a phone-width screen each measure is a block of label: value lines, runs.css, so the
 * verdict is on screen without scrolling sideways): per measure, each run's mean ± sd over its seeds and, for two runs, the difference
 * (second − first) with its 95% interval by Welch's t and the verdict "larger than" / "within the seed spread".
 */
export function SeedCompareTable({ records }: { records: readonly RunRecord[] }) {
  const rows = useMemo(() => seedCompareTable(records), [records]);
  if (records.length === 0) return null;
  const two = records.length === 2;
  return (
    <div className="runs-table-wrap">
      <table className="table compact seed-compare" data-testid="seed-compare">
        <caption>
          Results over seeds: mean ± sd (sample sd across each run&apos;s seeds).
          {two
            ? ' Difference: second − first, with its 95% interval by Welch’s t-test (unequal variances).'
            : ' Pick exactly two runs for the difference and its verdict.'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <RunColumnHeads runs={records} />
            {two && <th scope="col">Difference [95% interval]</th>}
            {two && <th scope="col">Verdict</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.measure.id} data-measure={row.measure.id}>
              <th scope="row">{row.measure.label}</th>
              {row.runs.map((run, i) => (
                <td key={records[i].id} data-label={records[i].name}>
                  {spreadText(row.measure, run.spread)}
                </td>
              ))}
              {two && row.difference && (
                <>
                  <td data-label="Difference [95% interval]">
                    {shown(row.measure, row.difference.difference)}
                    {Number.isFinite(row.difference.low) &&
                      ` [${shown(row.measure, row.difference.low)}, ${shown(row.measure, row.difference.high)}]`}
                  </td>
                  <td data-testid="compare-verdict" data-verdict={row.difference.verdict ?? 'none'} data-label="Verdict">
                    {row.difference.verdict ?? noVerdictReason(row)}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
