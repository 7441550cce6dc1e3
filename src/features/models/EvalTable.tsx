import type { GuardEvalMetrics, ScoreEvalMetrics } from '../../models/types';
import { percent, useModels } from './useModels';

/** Held-out accuracies of the current models, in percent. */
export function EvalTable() {
  const { status } = useModels();
  const reward = status?.reward?.metrics as ScoreEvalMetrics | null | undefined;
  const cost = status?.cost?.metrics as ScoreEvalMetrics | null | undefined;
  const guard = status?.guard?.metrics as GuardEvalMetrics | null | undefined;
  return (
    <section className="panel" aria-labelledby="eval-heading">
      <h2 id="eval-heading">Held-out evaluation</h2>
      <p className="muted small">On the evaluation split of the loaded data (the bundled sample for the pretrained weights).</p>
      <table className="table eval-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Metric</th>
            <th scope="col">This model (%)</th>
            <th scope="col">Held-out set</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Reward</th>
            <td>pairwise accuracy: r(more helpful) &gt; r(other)</td>
            <td className="num" data-testid="rm-eval-accuracy">{percent(reward?.pairwiseAccuracy)}</td>
            <td>{reward ? `${reward.pairs} pairs` : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Cost</th>
            <td>pairwise accuracy: c(less safe) &gt; c(safer)</td>
            <td className="num" data-testid="cm-eval-accuracy">{percent(cost?.pairwiseAccuracy)}</td>
            <td>{cost ? `${cost.pairs} pairs` : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Cost</th>
            <td>sign accuracy: cost &gt; 0 ⇔ labelled unsafe</td>
            <td className="num" data-testid="cm-sign-accuracy">{percent(cost?.signAccuracy)}</td>
            <td>
              {cost ? `${cost.pairs * 2} responses` : '—'}
              {cost?.zeroRatedCount ? ` (${cost.zeroRatedCount} rated 0: no sign target, counted as safe)` : ''}
            </td>
          </tr>
          <tr>
            <th scope="row">Guard</th>
            <td>unsafe/safe accuracy per response</td>
            <td className="num" data-testid="guard-eval-accuracy">{percent(guard?.unsafeAccuracy)}</td>
            <td>
              {guard ? `${guard.examples} examples; question-only screening ${percent(guard.questionOnlyAccuracy)}%` : '—'}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="muted small" data-testid="paper-numbers">
        For orientation only, not comparable: paper-reported, 7B VLMs on real BeaverTails-V (30K pairs) — reward
        ranking 86.3%, cost ranking 80.4%, cost sign 89.7%. These small models train on a synthetic sample.
      </p>
    </section>
  );
}
