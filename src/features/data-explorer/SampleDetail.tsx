import { useEffect, useState, type ReactNode } from 'react';
import type { SampleRecord } from '../../data/record';
import { trainer } from '../../worker/client';
import { CategoryTag } from './CategoryTag';
import { ClippedText, clipText } from './ClippedText';
import { ResponseCard } from './ResponseCard';
import { SampleImage } from './SampleImage';
import { severityLabel } from '../../data/severityLabels';
import { useDataset, useSeverityLabels } from './useDataset';
import { errorText } from '../../util/errorText';

export interface SampleDetailProps {
  recordId: string;
  /**
   * Extension point for other areas (e.g. the Models area's reward, cost and guard verdicts): rendered inside
   * each response card, below the dataset's labels, only when given.
   */
  renderResponseExtras?: (recordId: string, responseIndex: number) => ReactNode;
}

type Loaded = { id: string; record: SampleRecord | null; error: string | null };

/** One sample in full: image, question, both responses side by side with every label. */
export function SampleDetail({ recordId, renderResponseExtras }: SampleDetailProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const { summary } = useDataset();
  const labels = useSeverityLabels();

  useEffect(() => {
    let stale = false;
    trainer()
      .getRecord(recordId)
      .then((record) => !stale && setLoaded({ id: recordId, record, error: null }))
      .catch((error: unknown) => !stale && setLoaded({ id: recordId, record: null, error: errorText(error) }));
    return () => {
      stale = true;
    };
  }, [recordId, summary]);

  if (!loaded || loaded.id !== recordId) {
    return (
      <section className="sample-detail" data-testid="sample-detail" aria-busy="true">
        <p className="muted">Loading sample…</p>
      </section>
    );
  }
  const { record, error } = loaded;
  if (!record) {
    return (
      <section className="sample-detail" data-testid="sample-detail">
        <p className="error-box">
          {error ? `Could not read sample ${recordId}: ${error}` : `Sample ${recordId} is no longer loaded (its source was removed).`}
        </p>
      </section>
    );
  }

  const source = summary?.sources.find((s) => s.id === record.sourceId);
  const synthetic = source?.kind === 'sample';
  const pair = record.responses.length === 2;
  return (
    <section className="sample-detail" data-testid="sample-detail" data-record-id={record.id} aria-label="Sample detail">
      <div className="detail-top">
        <SampleImage recordId={record.id} sourceId={record.sourceId} alt={`Image for: ${clipText(record.question, 300)}`} />
        <div className="detail-meta">
          <div className="row tight">
            <CategoryTag category={record.category} />
            <span className="tag severity-tag" title="image_severity: the published scale is undocumented; labels are configurable below">
              severity {severityLabel(labels, record.imageSeverity)} ({record.imageSeverity})
            </span>
            <span className="tag">{record.split}</span>
            {record.contradictory && (
              <span className="tag warn" data-testid="sample-contradictory" title="The “safer” label contradicts the safety labels or ratings; this pair is not used for training.">
                contradictory labels
              </span>
            )}
            {record.truncated && <span className="tag warn">truncated text</span>}
          </div>
          <p className="muted small">
            {source ? source.name : record.sourceId}, row {record.row + 1}
            {synthetic ? ' · synthetic' : ''}
          </p>
          <h3 className="visually-hidden">Question</h3>
          <ClippedText className="sample-question" testId="sample-question" text={record.question} />
        </div>
      </div>
      <div className={pair ? 'responses pair' : 'responses'}>
        {record.responses.map((response, index) => (
          <ResponseCard
            key={index}
            index={index}
            response={response}
            moreHelpful={record.moreHelpful === undefined ? null : record.moreHelpful === index + 1}
            safer={record.safer === undefined ? null : record.safer === index + 1}
            extras={renderResponseExtras ? renderResponseExtras(record.id, index) : undefined}
          />
        ))}
      </div>
    </section>
  );
}
