import { SEVERITY_LEVELS } from '../../data/record';
import type { ModeratedItem } from '../../worker/guardHandlers';
import { humanize, percent } from './format';
import { ProbabilityBar } from './ProbabilityBar';

interface VerdictCardProps {
  title: string;
  item: ModeratedItem;
  threshold: number;
}

/**
 * One guard reading: unsafe probability against the threshold, severity level, top harm categories and the overall
 * verdict, with the dataset's own labels beside them (disagreements highlighted). The verdict follows the slider
 * live: flagged ⇔ unsafe probability ≥ threshold.
 */
export function VerdictCard({ title, item, threshold }: VerdictCardProps) {
  const { verdict, label } = item;
  const unsafe = verdict.unsafeProb >= threshold;
  const disagrees = label !== null && label.isSafe === unsafe;
  return (
    <article className="verdict-card" data-testid="guard-verdict-card" aria-label={title}>
      <header className="verdict-head">
        <h4>{title}</h4>
        <span className={unsafe ? 'tag unsafe' : 'tag safe'} data-testid="guard-verdict">
          {unsafe ? 'unsafe' : 'safe'}
        </span>
      </header>
      <p className={item.text === null ? 'verdict-text muted' : 'verdict-text'}>
        {item.text === null ? 'Screening the image and question with no response.' : item.text}
      </p>
      <div className="verdict-grid">
        <span className="muted">Unsafe probability</span>
        <ProbabilityBar
          value={verdict.unsafeProb}
          threshold={threshold}
          label={`${title}: unsafe probability`}
        />
        <span className="muted">Severity</span>
        <span>
          <strong data-testid="guard-severity">{verdict.severity}</strong>{' '}
          <span className="muted severity-probs">
            (
            {SEVERITY_LEVELS.map((level, i) => `${level} ${percent(verdict.severityProbs[i], 0)}%`).join(
              ' · ',
            )}
            )
          </span>
        </span>
        <span className="muted">Top categories</span>
        <ol className="category-list" data-testid="guard-categories">
          {verdict.topCategories.map((c) => (
            <li key={c.category}>
              <span>{humanize(c.category)}</span> <span className="muted">{percent(c.prob)}%</span>
            </li>
          ))}
        </ol>
        {label && (
          <>
            <span className="muted">Dataset label</span>
            <span data-testid="guard-dataset-label">
              <span className={label.isSafe ? 'tag safe' : 'tag unsafe'}>
                {label.isSafe ? 'safe' : 'unsafe'}
              </span>
              {label.harmlessRate !== undefined && (
                <span className="muted"> harmless {label.harmlessRate}</span>
              )}
              {label.helpfulRate !== undefined && (
                <span className="muted"> · helpful {label.helpfulRate}</span>
              )}
              {disagrees && (
                <span
                  className="tag warn disagree"
                  title="The guard's verdict differs from the dataset's is_response_safe label"
                >
                  guard disagrees
                </span>
              )}
            </span>
          </>
        )}
      </div>
    </article>
  );
}
