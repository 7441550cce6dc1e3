import { useId, useState } from 'react';
import { SampleImage } from '../data-explorer/SampleImage';
import { CategoryTag } from '../data-explorer/CategoryTag';
import { severityLabel } from '../../data/severityLabels';
import { useDataset, useSelectedRecordId, useSeverityLabels } from '../data-explorer/useDataset';
import { moderateRecord, moderateTyped } from './guardJobs';
import { SamplePicker } from './SamplePicker';
import { UploadPreview } from './UploadPreview';
import { useGuardState } from './useGuard';
import { VerdictCard } from './VerdictCard';

type Source = 'sample' | 'typed';

/** Moderate one loaded sample, or a typed question with an uploaded image, and read the guard's verdicts. */
export function InteractiveModeration() {
  const [source, setSource] = useState<Source>('sample');
  const { sample, sampleJob, threshold } = useGuardState();
  const running = sampleJob.status === 'running';
  return (
    <section className="panel" aria-labelledby="guard-interactive-title">
      <h3 id="guard-interactive-title">Interactive moderation</h3>
      <div className="row" role="radiogroup" aria-label="What to moderate">
        <label>
          <input
            type="radio"
            name="guard-source"
            checked={source === 'sample'}
            onChange={() => setSource('sample')}
          />{' '}
          A loaded sample
        </label>
        <label>
          <input
            type="radio"
            name="guard-source"
            checked={source === 'typed'}
            data-testid="guard-source-typed"
            onChange={() => setSource('typed')}
          />{' '}
          A typed question
        </label>
      </div>
      {source === 'sample' ? <SampleSource running={running} /> : <TypedSource running={running} />}
      {sampleJob.status === 'running' && (
        <p className="muted" aria-live="polite">
          {sampleJob.message}
        </p>
      )}
      {sampleJob.status === 'error' && (
        <p className="error-box" role="alert" data-testid="guard-error">
          {sampleJob.message}
        </p>
      )}
      {sample && (
        <div className="moderation-result" data-testid="guard-result">
          <SampleHeader />
          <div className="verdict-cards">
            <VerdictCard title="Question alone (input screening)" item={sample.query} threshold={threshold} />
            {sample.responses.map((item, i) => (
              <VerdictCard key={i} title={`Response ${i + 1}`} item={item} threshold={threshold} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

function SampleSource({ running }: { running: boolean }) {
  const { index } = useDataset();
  const explorerSelection = useSelectedRecordId();
  const [chosen, setPicked] = useState<string | null>(null);
  return (
    <div>
      {index.length === 0 ? (
        <p className="muted">
          No data loaded yet: the bundled sample loads at start; open Data to add your own files.
        </p>
      ) : (
        <SamplePicker
          index={index}
          value={chosen}
          onChange={setPicked}
          onSubmit={(id) => !running && void moderateRecord(id)}
        />
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!chosen || running}
          data-testid="guard-moderate"
          onClick={() => chosen && void moderateRecord(chosen)}
        >
          Moderate sample
        </button>
        <button
          type="button"
          disabled={!explorerSelection || running}
          data-testid="guard-moderate-explorer"
          title={
            explorerSelection ? `Moderate ${explorerSelection}` : 'Select a sample in the Data explorer first'
          }
          onClick={() => {
            if (!explorerSelection) return;
            setPicked(explorerSelection);
            void moderateRecord(explorerSelection);
          }}
        >
          Moderate the Data explorer's selection
        </button>
      </div>
    </div>
  );
}

function TypedSource({ running }: { running: boolean }) {
  const [question, setQuestion] = useState('');
  const [responses, setResponses] = useState('');
  const [image, setImage] = useState<File | null>(null);
  const questionId = useId();
  const imageId = useId();
  const responsesId = useId();
  const submit = async () => {
    const imageBytes = image ? new Uint8Array(await image.arrayBuffer()) : undefined;
    const list = responses
      .split('\n')
      .map((r) => r.trim())
      .filter(Boolean);
    await moderateTyped({ question, imageBytes, responses: list });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor={questionId}>Question</label>
        <textarea
          id={questionId}
          rows={2}
          value={question}
          data-testid="guard-custom-question"
          onChange={(e) => setQuestion(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={imageId}>Image (PNG, JPEG or WebP; optional: a blank grey image stands in)</label>
        <input
          id={imageId}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          data-testid="guard-custom-image"
          onChange={(e) => setImage(e.target.files?.[0] ?? null)}
        />
        {image && <UploadPreview file={image} />}
      </div>
      <div className="field">
        <label htmlFor={responsesId}>Responses to moderate (optional, one per line)</label>
        <textarea
          id={responsesId}
          rows={3}
          value={responses}
          data-testid="guard-custom-responses"
          onChange={(e) => setResponses(e.target.value)}
        />
      </div>
      <button
        type="submit"
        className="primary"
        disabled={running || !question.trim()}
        data-testid="guard-moderate-custom"
      >
        Moderate typed question
      </button>
    </form>
  );
}

function SampleHeader() {
  const { sample } = useGuardState();
  const labels = useSeverityLabels();
  if (!sample) return null;
  return (
    <div className="sample-header">
      {sample.recordId && (
        <SampleImage recordId={sample.recordId} alt={`Image of sample ${sample.recordId}`} />
      )}
      <div>
        <p className="sample-question">{sample.question}</p>
        {sample.dataset && (
          <p className="muted">
            Dataset labels: <CategoryTag category={sample.dataset.category} /> · image severity{' '}
            {severityLabel(labels, sample.dataset.imageSeverity)} ({sample.dataset.imageSeverity}) ·{' '}
            {sample.dataset.split} split
          </p>
        )}
        {sample.imageNote && <p className="muted">{sample.imageNote}</p>}
      </div>
    </div>
  );
}
