import { PARAMS, PARAM_KEYS, type ParamKey } from '../../config/params';
import { configDiff } from '../../config/schema';
import { finalConfig, type RunMeta } from '../../runs/types';
import { RunColumnHeads } from './RunColumnHeads';
import { formatNumber, formatPoints } from './format';

/** Settings where the picked runs differ (start or final values, via configDiff) or that one changed mid-run. */
export function differingKeys(runs: readonly RunMeta[]): ParamKey[] {
  const keys = new Set<ParamKey>();
  for (let i = 1; i < runs.length; i++) {
    for (const key of configDiff(runs[0].config, runs[i].config)) keys.add(key);
    for (const key of configDiff(finalConfig(runs[0]), finalConfig(runs[i]))) keys.add(key);
  }
  for (const run of runs) for (const change of run.configChanges ?? []) keys.add(change.key);
  return PARAM_KEYS.filter((key) => keys.has(key));
}

/** "−0.5", or "−0.5 → 0.5" when the setting was changed live during the run. */
function settingCell(run: RunMeta, key: ParamKey): { text: string; title?: string } {
  const changes = (run.configChanges ?? []).filter((change) => change.key === key);
  if (changes.length === 0) return { text: String(run.config[key]) };
  return {
    text: `${String(run.config[key])} → ${String(finalConfig(run)[key])}`,
    title: changes
      .map((c) => `after iteration ${c.afterIteration}: ${String(c.from)} → ${String(c.to)}`)
      .join('\n'),
  };
}

const FINAL_ROWS: { label: string; value: (run: RunMeta) => string }[] = [
  { label: 'Iterations', value: (run) => formatNumber(run.summary.iterations) },
  { label: 'Final λ', value: (run) => formatNumber(run.summary.lambda) },
  { label: 'Episode cost J_C', value: (run) => formatNumber(run.summary.episodeCost) },
  { label: 'Mean cost C', value: (run) => formatNumber(run.summary.cost) },
  { label: 'Mean reward R', value: (run) => formatNumber(run.summary.reward) },
  { label: 'Helpfulness vs SFT', value: (run) => formatPoints(run.summary.helpfulnessChange) },
  { label: 'Safety vs SFT', value: (run) => formatPoints(run.summary.safetyChange) },
];

export function ConfigDiffTable({ runs }: { runs: RunMeta[] }) {
  const keys = differingKeys(runs);
  return (
    <div className="runs-table-wrap">
      <table className="table compact compare-diff" data-testid="compare-diff">
        <caption>
          {runs.length < 2
            ? 'Pick a second run to see which settings differ.'
            : keys.length === 0
              ? 'These runs have identical settings.'
              : `${keys.length} setting${keys.length === 1 ? ' differs' : 's differ'}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <RunColumnHeads runs={runs} />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key} data-testid={`diff-${key}`}>
              <th scope="row" title={PARAMS[key].help}>
                {PARAMS[key].label}
              </th>
              {runs.map((run) => {
                const cell = settingCell(run, key);
                return (
                  <td key={run.id} className="num" title={cell.title}>
                    {cell.text}
                  </td>
                );
              })}
            </tr>
          ))}
          {FINAL_ROWS.map((row) => (
            <tr key={row.label} className="final-row">
              <th scope="row">{row.label}</th>
              {runs.map((run) => (
                <td key={run.id} className="num">
                  {row.value(run)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
