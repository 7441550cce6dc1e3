import type { BackendProbeEntry } from '../../compute/types';
import { useSystem } from '../../state/store';

function speed(entry: BackendProbeEntry): string {
  if (entry.outcome === 'measured') return `${entry.msPerIteration!.toFixed(entry.msPerIteration! >= 100 ? 0 : 1)} ms`;
  if (entry.outcome === 'cut-off') return entry.atLeastMs !== null ? `≥ ${entry.atLeastMs.toFixed(0)} ms (cut off)` : 'cut off';
  return entry.outcome === 'refused' ? 'refused' : 'unavailable';
}

function check(entry: BackendProbeEntry): string {
  if (!entry.numerics) return 'not reached';
  const deviation = entry.numerics.maxDeviation;
  return `${entry.numerics.passed ? 'passed' : 'failed'}${deviation !== null ? `, max dev. ${deviation.toExponential(1)}` : ''}`;
}

/**
 * Auto's measurement on this device: each candidate's ms per PPO iteration (or how it was cut off or refused), its
 * numerics check, the pick and why; "Measure again" re-runs it.
 */
export function BackendProbeTable({ onMeasure }: { onMeasure: () => void }) {
  const { probe, backendState } = useSystem();
  const report = probe.report;
  return (
    <section className="backend-probe" data-testid="backend-probe" data-status={probe.status} data-pick={report?.pick ?? ''}>
      <h3>Auto's measurement</h3>
      {probe.status === 'running' && (
        <p role="status" data-testid="backend-probe-progress">
          Measuring backends in the background, each in its own worker within a time budget… {probe.progress}
        </p>
      )}
      {probe.status === 'idle' && !report && <p>Not measured yet (auto measures on first use; a forced backend does not).</p>}
      {report && (
        <>
          <table className="table compact">
            <caption>
              Wall ms per PPO iteration at the default size (median of 3 after a warm-up iteration)
              {probe.cached ? `, measured ${new Date(report.measuredAt).toLocaleString()}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Backend</th>
                <th scope="col">ms/iteration</th>
                <th scope="col">Numerics check</th>
                <th scope="col">s spent / budget</th>
              </tr>
            </thead>
            <tbody>
              {report.entries.map((entry) => (
                <tr
                  key={entry.backend}
                  data-testid={`probe-${entry.backend}`}
                  data-outcome={entry.outcome}
                  data-ms={entry.msPerIteration ?? ''}
                  title={entry.detail}
                >
                  <td>{entry.backend}</td>
                  <td>{speed(entry)}</td>
                  <td>{check(entry)}</td>
                  <td>
                    {(entry.elapsedMs / 1000).toFixed(1)} / {(entry.budgetMs / 1000).toFixed(0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="backend-probe-reason">
            <strong>Pick: {report.pick ?? 'none'}.</strong> {report.reason}
          </p>
          <ul className="probe-details">
            {report.entries.map((entry) => (
              <li key={entry.backend}>
                {entry.backend}: {entry.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      <button
        type="button"
        data-testid="backend-probe-run"
        disabled={probe.status === 'running' || backendState !== 'ready'}
        onClick={onMeasure}
      >
        {report ? 'Measure again' : 'Measure backends'}
      </button>
    </section>
  );
}
