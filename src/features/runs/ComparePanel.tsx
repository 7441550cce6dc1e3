import { useMemo } from 'react';
import type { RunMeta } from '../../runs/types';
import { useRunsActions } from '../../state/store';
import { CompareChart } from './CompareChart';
import { ConfigDiffTable } from './ConfigDiffTable';
import { RunScatter } from './RunScatter';
import { SeedCompareTable } from './SeedCompareTable';
import { ThresholdSweep } from './ThresholdSweep';
import { useRunRecords } from './useRunRecords';

interface ComparePanelProps {
  /** The picked runs, in pick order. */
  selected: RunMeta[];
  /** All runs shown in the list (the scatter uses them when nothing is picked). */
  visible: RunMeta[];
}

export function ComparePanel({ selected, visible }: ComparePanelProps) {
  const { setSelected } = useRunsActions();
  const { records, version, error } = useRunRecords(selected);
  // Records arrive asynchronously: draw only those still selected, in pick order.
  const ordered = useMemo(
    () =>
      selected.map((meta) => records.find((record) => record.id === meta.id)).filter((r) => r !== undefined),
    [selected, records],
  );
  return (
    <section className="panel" aria-labelledby="compare-heading" data-testid="compare-panel">
      <div className="runs-head">
        <h2 id="compare-heading">Compare</h2>
        {selected.length > 0 && (
          <button type="button" onClick={() => setSelected([])}>
            Clear selection
          </button>
        )}
      </div>
      {error && <div className="error-box">{error}</div>}
      {selected.length === 0 ? (
        <p className="muted">Tick runs in the list to overlay their curves and compare their settings.</p>
      ) : (
        <div className="grid-2">
          <CompareChart records={ordered} version={version} />
          <ConfigDiffTable runs={selected} />
        </div>
      )}
      {ordered.length > 0 && <SeedCompareTable records={ordered} />}
      <RunScatter runs={selected.length > 0 ? selected : visible} colored={selected.length > 0} />
      <ThresholdSweep runs={selected.length > 0 ? selected : visible} />
    </section>
  );
}
