import { knownShare } from '../../data/coverage';
import { SEVERITY_LEVELS } from '../../data/record';
import type { ModeratedItem } from '../../worker/guardHandlers';
import { humanize, percent, signed } from './format';
import { isLowCoverage, judgeDisagreement } from './judgeNotes';
import { ProbabilityBar } from './ProbabilityBar';

interface VerdictCardProps {
  title: string;
  item: ModeratedItem;
  threshold: number;
}

/**
 * One guard reading: unsafe probability against the threshold, severity level, harm categories and the overall
 * verdict, with how much of the input the model knows, the cost model's C and the dataset's own labels beside them
 * (disagreements explained). The verdict follows the slider live: flagged ⇔ unsafe probability ≥ threshold. A
 * verdict on text made mostly of words the model does not know is shown tempered.
 */
export function VerdictCard({ title, item, threshold }: VerdictCardProps) {
  const { verdict, label } = item;
  const unsafe = verdict.unsafeProb >= threshold;
  const disagrees = label !== null && label.isSafe === unsafe;
  const lowCoverage = isLowCoverage(item.coverage);
  const share = knownShare(item.coverage);
  const judges = judgeDisagreement(item.cost, unsafe);
  const verdictClass = lowCoverage ? 'tag tempered' : unsafe ? 'tag unsafe' : 'tag safe';
  return (
    <article className="verdict-card" data-testid="guard-verdict-card" aria-label={title}>
      <header className="verdict-head">
        <h4>{title}</h4>
        <span className="verdict-tags">
          <span className="visually-hidden">Guard verdict: </span>
          <span className={verdictClass} data-testid="guard-verdict">
            {unsafe ? 'unsafe' : 'safe'}
          </span>
          {lowCoverage && (
            <>
              {' '}
              <span className="tag warn" data-testid="guard-low-coverage" title="Most words of this input are unknown to the model">
                unsure: mostly unknown words
              </span>
            </>
          )}
        </span>
      </header>
      <p className={item.text === null ? 'verdict-text muted' : 'verdict-text'}>
        {item.text === null ? 'Screening the image and question with no response.' : item.text}
      </p>
      <dl className="verdict-grid">
        <dt className="muted">Unsafe probability</dt>
        <dd>
          <ProbabilityBar value={verdict.unsafeProb} threshold={threshold} label={`${title}: unsafe probability`} />
        </dd>
        <dt className="muted">{item.text === null ? 'Question words known' : 'Response words known'}</dt>
        <dd data-testid="guard-coverage" data-share={share ?? ''}>
          {item.coverage.known} of {item.coverage.read} read ({share === null ? 'no words' : `${percent(share, 0)}%`})
          {item.coverage.total > item.coverage.read && (
            <span className="muted"> · {item.coverage.total - item.coverage.read} more not read (too long)</span>
          )}
          {lowCoverage && (
            <span className="coverage-note muted">
              {' '}
              Unknown words all read as one “&lt;unk&gt;” token, so this verdict rests on little the model understands.
            </span>
          )}
        </dd>
        <dt className="muted">Severity</dt>
        <dd>
          <strong data-testid="guard-severity">{verdict.severity}</strong>{' '}
          <span className="muted severity-probs">
            ({SEVERITY_LEVELS.map((level, i) => `${level} ${percent(verdict.severityProbs[i], 0)}%`).join(' · ')})
          </span>
        </dd>
        <dt className="muted">{unsafe ? 'Top categories' : 'Category scores (not flagged)'}</dt>
        <dd>
          <ol className="category-list" data-testid="guard-categories">
            {verdict.topCategories.map((c) => (
              <li key={c.category}>
                <span>{humanize(c.category)}</span> <span className="muted">{percent(c.prob)}%</span>
              </li>
            ))}
          </ol>
        </dd>
        {item.cost !== null && (
          <>
            <dt className="muted">Cost model</dt>
            <dd data-testid="guard-cost">
              C = {signed(item.cost)} ({item.cost > 0 ? 'unsafe: C > 0' : 'safe: C ≤ 0'})
              {judges && (
                <span className="judges-disagree" data-testid="judges-disagree">
                  <span className="tag warn">cost model and guard disagree</span> {judges}
                </span>
              )}
            </dd>
          </>
        )}
        {label && (
          <>
            <dt className="muted">Dataset label</dt>
            <dd data-testid="guard-dataset-label">
              <span className={label.isSafe ? 'tag safe' : 'tag unsafe'}>{label.isSafe ? 'safe' : 'unsafe'}</span>
              {label.harmlessRate !== undefined && <span className="muted"> · harmless {label.harmlessRate}</span>}
              {label.helpfulRate !== undefined && <span className="muted"> · helpful {label.helpfulRate}</span>}
              {disagrees && (
                <>
                  {' '}
                  <span className="tag warn disagree" title="The guard's verdict differs from the dataset's is_response_safe label">
                    guard disagrees
                  </span>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
    </article>
  );
}
