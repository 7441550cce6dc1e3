import type { ReactNode } from 'react';
import type { ResponseRecord } from '../../data/record';
import { ClippedText, clipText } from './ClippedText';
import { SafetyTag } from './SafetyTag';

/** A rating with its scale, e.g. "−2 (−3..3)"; absent in the single-response variant. */
function formatRate(rate: number | undefined, scale: string): string {
  return rate === undefined ? '—' : `${String(rate).replace('-', '−')} (${scale})`;
}

/** One response with its labels: safety, ratings, which axis prefers it, and the model it came from. */
export function ResponseCard({
  index,
  response,
  moreHelpful,
  safer,
  extras,
}: {
  index: number;
  response: ResponseRecord;
  moreHelpful: boolean | null;
  safer: boolean | null;
  extras?: ReactNode;
}) {
  return (
    <article className="response-card" data-testid={`sample-response-${index + 1}`} aria-label={`Response ${index + 1}`}>
      <header className="response-head">
        <h4>Response {index + 1}</h4>
        <SafetyTag safe={response.isSafe} />
        {moreHelpful && <span className="tag preferred">more helpful ✓</span>}
        {safer && <span className="tag preferred">safer ✓</span>}
      </header>
      <ClippedText className="response-text" text={response.text} />
      <dl className="facts response-facts">
        <dt title="−3..3; ≥ 0 means safe (harmful below 0, a bare refusal is 0)">harmless rate</dt>
        <dd>{formatRate(response.harmlessRate, '−3..3')}</dd>
        <dt title="0..3; simple refusals get 0">helpful rate</dt>
        <dd>{formatRate(response.helpfulRate, '0..3')}</dd>
        <dt>from</dt>
        <dd>{clipText(response.from || 'unknown', 200)}</dd>
      </dl>
      {extras !== undefined && <div className="response-extras">{extras}</div>}
    </article>
  );
}
