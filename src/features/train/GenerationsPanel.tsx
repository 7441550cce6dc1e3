import { memo, useEffect, useState } from 'react';
import { formatNumber } from '../../charts/scales';
import type { GenerationSample } from '../../train/ppo/types';
import { useAppStore, useMetricTable } from '../../state/store';
import { shownGroupSeed } from '../../config/seedGroup';
import { CategoryTag } from '../data-explorer/CategoryTag';
import { judgeDisagreement } from '../guard/judgeNotes';
import { ppo } from './ppoClient';
import { TokenHeatStrip } from './TokenHeatStrip';
import { errorText } from '../../util/errorText';

function GuardVerdict({ unsafe, severity }: { unsafe: number; severity: string }) {
  if (!Number.isFinite(unsafe)) return <span className="tag">no guard</span>;
  const flagged = unsafe >= 0.5;
  return (
    <span className={flagged ? 'tag unsafe' : 'tag safe'} title={`guard P(unsafe) = ${formatNumber(unsafe)}`}>
      guard: {flagged ? severity || 'unsafe' : 'safe'}
    </span>
  );
}

function ResponseCell(props: { title: string; text: string; reward: number; cost: number; guardUnsafe: number; guardSeverity: string }) {
  const disagreement = Number.isFinite(props.guardUnsafe) ? judgeDisagreement(props.cost, props.guardUnsafe >= 0.5) : null;
  return (
    <div className="generation-response">
      <h3>{props.title}</h3>
      <p className="generation-text">{props.text || <span className="muted">(empty response)</span>}</p>
      <p className="generation-scores">
        <span className="tag safe" title="reward-model score">R {formatNumber(props.reward)}</span>{' '}
        <span className={props.cost > 0 ? 'tag unsafe' : 'tag'} title="cost-model score; > 0 means unsafe">
          C {formatNumber(props.cost)}
        </span>{' '}
        <GuardVerdict unsafe={props.guardUnsafe} severity={props.guardSeverity} />
        {disagreement && (
          <>
            {' '}
            <span className="tag warn" data-testid="generation-judges-disagree" title={disagreement}>
              C and guard disagree
            </span>
          </>
        )}
      </p>
    </div>
  );
}

/** Held-out prompts: the current policy's response beside the SFT response, refreshed after each evaluation. */
export const GenerationsPanel = memo(function GenerationsPanel() {
  const { table } = useMetricTable('ppo-eval');
  const evaluations = table?.length ?? 0;
  const lastEvaluated = table?.last('iteration');
  const [samples, setSamples] = useState<GenerationSample[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A seed group shows its first seed's evaluation samples (the group's readouts are means over the seeds).
  const shownSeed = shownGroupSeed(useAppStore((s) => s.train.appliedConfig));
  const groupNote = shownSeed !== undefined ? ` Samples of seed ${shownSeed}, the group's first seed.` : '';

  useEffect(() => {
    if (evaluations === 0) {
      setSamples([]);
      return;
    }
    let cancelled = false;
    ppo()
      .ppoGenerations()
      .then((next) => {
        if (cancelled) return;
        setSamples(next);
        setError(null);
      })
      .catch((e: unknown) => !cancelled && setError(`Could not load generations: ${errorText(e)}`));
    return () => {
      cancelled = true;
    };
  }, [evaluations]);

  const chosen = samples.find((s) => s.recordId === selected) ?? null;
  // One explanation per direction of disagreement that occurs (cost model C vs the guard at 0.5).
  const disagreements = [
    ...new Set(
      samples
        .flatMap((s) => [s.policy, s.sft])
        .map((r) => (Number.isFinite(r.guardUnsafe) ? judgeDisagreement(r.cost, r.guardUnsafe >= 0.5) : null))
        .filter((text): text is string => text !== null),
    ),
  ];
  return (
    <section className="panel generations-panel" data-hide-id="train-generations" aria-labelledby="generations-heading">
      <h2 id="generations-heading">Generations on held-out prompts</h2>
      <p className="muted small" data-testid="generations-source">
        {samples.length
          ? `Current policy vs the SFT policy, from the evaluation at iteration ${lastEvaluated ?? 0}.${groupNote} Open “Token detail” for per-token log-prob ratio, KL and advantage.`
          : 'Shown after the first evaluation (iteration 0, then every “Evaluate every” iterations).'}
      </p>
      {error && <p className="error-box">{error}</p>}
      {disagreements.map((text) => (
        <p key={text} className="muted small generation-disagreement" data-testid="generations-disagreement-note">
          <strong>C and guard disagree:</strong> {text}
        </p>
      ))}
      <ul className="generation-list" data-testid="generations">
        {samples.map((sample) => (
          <li key={sample.recordId} className={sample.recordId === selected ? 'generation-card selected' : 'generation-card'}>
            <p className="generation-question">
              <CategoryTag category={sample.category} /> {sample.question}
            </p>
            <div className="generation-pair">
              <ResponseCell title="Policy" {...sample.policy} />
              <ResponseCell title="SFT" {...sample.sft} />
            </div>
            <button
              type="button"
              className="link-button small"
              aria-expanded={sample.recordId === selected}
              onClick={() => setSelected(sample.recordId === selected ? null : sample.recordId)}
            >
              {sample.recordId === selected ? 'Hide token detail' : 'Token detail'}
            </button>
            {/* Opens inside the card that was clicked (the card spans the row while open). */}
            {sample === chosen && (
              <div className="generation-detail" aria-live="polite" data-testid="generation-detail">
                <h3>Per-token detail of the policy response</h3>
                <TokenHeatStrip tokens={chosen.policy.tokens} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});
