import { MetricChart, type ChartSeries } from '../../charts/MetricChart';
import type { ModelKind } from '../../models/types';
import { useMetricTable } from '../../state/store';
import { pauseTraining, resumeTraining, stopTraining, trainModel } from './modelsClient';
import { percent, useModels } from './useModels';

const TITLES: Record<ModelKind, string> = {
  reward: 'Reward model (helpfulness)',
  cost: 'Cost model (harmlessness; cost > 0 = unsafe)',
  guard: 'Guard (unsafe, severity, category)',
};

const WHAT: Record<ModelKind, string> = {
  reward: 'Bradley–Terry on pairs: L = −log σ(r_better − r_worse) + reg·r².',
  cost: 'Less safe costs more, and the sign says safe/unsafe: L = −log σ(c_hi − c_lo) − k·log σ(s·c) + reg·c².',
  guard: 'One example per response plus question-only screening: BCE(unsafe) + CE(severity) + CE(category).',
};

const LOSS: ChartSeries[] = [{ column: 'loss', label: 'training loss', color: 'var(--accent)' }];

function accuracySeries(kind: ModelKind): ChartSeries[] {
  const series: ChartSeries[] = [{ column: 'accuracy', label: kind === 'guard' ? 'held-out unsafe/safe %' : 'held-out pairwise %', color: '#2e7d32', factor: 100 }];
  if (kind === 'cost') series.push({ column: 'signAccuracy', label: 'held-out sign %', color: '#8e24aa', factor: 100 });
  if (kind === 'guard') series.push({ column: 'severityAccuracy', label: 'held-out severity %', color: '#8e24aa', factor: 100 });
  return series;
}

/** One model: Train / Pause / Resume / Stop, progress, live loss and held-out accuracy curves. */
export function ModelTrainCard({ kind }: { kind: ModelKind }) {
  const { status, job, busy } = useModels();
  const steps = useMetricTable(kind);
  const evals = useMetricTable(`${kind}-eval`);
  const info = status?.[kind] ?? null;
  const mine = job?.kind === kind ? job : null;
  const otherBusy = (job !== null && !mine) || busy !== null;
  return (
    <section className="panel model-card" aria-labelledby={`${kind}-heading`} data-testid={`model-card-${kind}`}>
      <h3 id={`${kind}-heading`}>{TITLES[kind]}</h3>
      <p className="muted small">{WHAT[kind]}</p>
      <p className="small" data-testid={`model-source-${kind}`}>
        {info
          ? `Current: ${info.source} (${info.parameters.toLocaleString()} parameters, ${new Date(info.created).toLocaleString()})`
          : 'No model yet: train one or load the pretrained weights.'}
      </p>
      <div className="row">
        {!mine && (
          <button type="button" className="primary" data-testid={`train-${kind}`} disabled={otherBusy} onClick={() => void trainModel(kind)}>
            Train {kind}
          </button>
        )}
        {mine?.state === 'running' && (
          <button type="button" data-testid={`pause-${kind}`} onClick={pauseTraining}>
            Pause
          </button>
        )}
        {mine?.state === 'paused' && (
          <button type="button" className="primary" data-testid={`resume-${kind}`} onClick={resumeTraining}>
            Resume
          </button>
        )}
        {mine && (
          <button type="button" data-testid={`stop-${kind}`} onClick={stopTraining}>
            Stop (keep weights so far)
          </button>
        )}
        {otherBusy && !mine && <span className="muted small">Waiting for the current job…</span>}
      </div>
      {mine && (
        <div role="status" aria-live="polite" data-testid={`progress-${kind}`}>
          <div className="progress" aria-hidden="true">
            <div style={{ width: `${Math.round((mine.progress ?? 0) * 100)}%` }} />
          </div>
          <p className="small muted">
            {mine.message} {mine.state === 'paused' ? '(paused)' : ''}
          </p>
        </div>
      )}
      <div className="grid-2 model-charts">
        <MetricChart
          testId={`${kind}-loss-chart`}
          title="Training loss"
          note="per step"
          table={steps.table}
          version={steps.version}
          series={LOSS}
          xColumn="step"
          xLabel="training step (mini-batch)"
          height={170}
          emptyText="Press Train to draw the loss."
        />
        <MetricChart
          testId={`${kind}-accuracy-chart`}
          title="Held-out accuracy"
          note={`after each epoch; last ${percent(evals.table?.last('accuracy'))}%`}
          table={evals.table}
          version={evals.version}
          series={accuracySeries(kind)}
          xColumn="step"
          xLabel="training step (mini-batch)"
          height={170}
          emptyText="Filled after the first epoch."
        />
      </div>
    </section>
  );
}
