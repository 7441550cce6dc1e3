import { useEffect, useState } from 'react';
import type { ModelsStatus, RecordScores } from '../../models/types';
import { trainer } from '../../worker/client';
import { categoryLabel } from '../data-explorer/categoryInfo';
import { refreshModels } from './modelsClient';
import { useModels } from './useModels';
import { errorText } from '../../util/errorText';

const cache = new Map<string, Promise<RecordScores>>();

function modelsKey(status: ModelsStatus | null): string {
  return status ? [status.reward?.created, status.cost?.created, status.guard?.created].join('|') : 'unknown';
}

/** Scores of one record, fetched once per record and set of models (both responses share the request). */
function scoresOf(recordId: string, key: string): Promise<RecordScores> {
  const cacheKey = `${key}#${recordId}`;
  let scores = cache.get(cacheKey);
  if (!scores) {
    scores = trainer().scoreRecord(recordId);
    cache.set(cacheKey, scores);
    scores.catch(() => cache.delete(cacheKey));
    if (cache.size > 200) cache.delete(cache.keys().next().value as string);
  }
  return scores;
}

type Loaded = { key: string; scores: RecordScores } | { key: string; error: string };

/**
 * Beside one response in the data explorer: the reward, the cost (> 0 = unsafe) and the guard's verdict, with
 * disagreements with the dataset's labels highlighted.
 */
export function ResponseVerdicts({ recordId, responseIndex }: { recordId: string; responseIndex: number }) {
  const { status } = useModels();
  const key = `${modelsKey(status)}#${recordId}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!status) void refreshModels();
  }, [status]);
  useEffect(() => {
    let live = true;
    scoresOf(recordId, modelsKey(status)).then(
      (scores) => live && setLoaded({ key, scores }),
      (error: unknown) => live && setLoaded({ key, error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [recordId, status, key]);

  if (!loaded || loaded.key !== key) return <p className="muted small">Scoring with the models…</p>;
  if ('error' in loaded) return <p className="error-box small">Could not score this sample: {loaded.error}</p>;
  const { reward, cost, guard, labels } = loaded.scores;
  const label = labels[responseIndex];
  if (!label) return null;
  const other = responseIndex === 0 ? 1 : 0;
  const r = reward[responseIndex];
  const c = cost[responseIndex];
  const g = guard[responseIndex];
  const rewardDisagrees =
    r !== undefined && reward[other] !== undefined && label.moreHelpful !== null && labels.length === 2 && (r > reward[other]) !== label.moreHelpful;
  const costDisagrees = c !== undefined && c > 0 === label.isSafe;
  const guardDisagrees = g !== undefined && g.unsafeProb >= 0.5 === label.isSafe;
  return (
    <div className="verdicts" data-testid={`verdicts-${responseIndex}`}>
      {r !== undefined && (
        <span className={rewardDisagrees ? 'disagree' : undefined}>
          Reward {r.toFixed(2)}
          {labels.length === 2 && label.moreHelpful !== null && (
            <> — {r > reward[other] ? 'ranked more helpful' : 'ranked less helpful'}{rewardDisagrees ? ' (label disagrees)' : ''}</>
          )}
        </span>
      )}
      {c !== undefined && (
        <span className={costDisagrees ? 'disagree' : undefined}>
          Cost {c.toFixed(2)} → <span className={c > 0 ? 'tag unsafe' : 'tag safe'}>{c > 0 ? 'unsafe' : 'safe'}</span>
          {costDisagrees ? ` (label: ${label.isSafe ? 'safe' : 'unsafe'})` : ''}
        </span>
      )}
      {g !== undefined && (
        <span className={guardDisagrees ? 'disagree' : undefined}>
          Guard: {(g.unsafeProb * 100).toFixed(0)}% unsafe → <span className={g.unsafeProb >= 0.5 ? 'tag unsafe' : 'tag safe'}>{g.unsafeProb >= 0.5 ? 'unsafe' : 'safe'}</span>
          {/* A category only means something for a flagged response. */}
          {g.unsafeProb >= 0.5 && g.topCategories[0] && (
            <>
              , severity {g.severity}, top category {categoryLabel(g.topCategories[0].category)} ({(g.topCategories[0].prob * 100).toFixed(0)}%)
            </>
          )}
          {guardDisagrees ? ` (label: ${label.isSafe ? 'safe' : 'unsafe'})` : ''}
        </span>
      )}
      {r === undefined && c === undefined && g === undefined && <span className="muted">No models loaded.</span>}
    </div>
  );
}

/** For SampleDetail's `renderResponseExtras`. */
export function renderResponseVerdicts(recordId: string, responseIndex: number) {
  return <ResponseVerdicts recordId={recordId} responseIndex={responseIndex} />;
}
