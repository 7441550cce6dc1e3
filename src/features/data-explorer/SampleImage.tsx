import { useEffect, useMemo, useState } from 'react';
import type { RecordIndexEntry } from '../../data/summary';
import { trainer } from '../../worker/client';
import { ContentWarning } from './ContentWarning';
import { useContentWarningAcknowledged, useDataset } from './useDataset';
import { errorText } from '../../util/errorText';

type ImageView =
  | { state: 'loading' }
  | { state: 'shown'; src: string }
  | { state: 'missing'; reason: string };

const sourceIdCache = new WeakMap<readonly RecordIndexEntry[], Map<string, string>>();

/** id → sourceId over the whole index, built once per index (record ids of URL sources contain ':' themselves). */
function sourceIdOf(index: readonly RecordIndexEntry[], recordId: string): string | undefined {
  let map = sourceIdCache.get(index);
  if (!map) {
    map = new Map(index.map((entry) => [entry.id, entry.sourceId]));
    sourceIdCache.set(index, map);
  }
  return map.get(recordId);
}

/**
 * A record's image for any area. Real (non-synthetic) images stay behind the dataset's content warning until the
 * user acknowledges it; the synthetic sample's abstract images show at once. Pass `sourceId` when known.
 */
export function SampleImage({ recordId, alt, sourceId }: { recordId: string; alt: string; sourceId?: string }) {
  const { summary, index } = useDataset();
  const acknowledged = useContentWarningAcknowledged();
  const source = useMemo(() => {
    const id = sourceId ?? sourceIdOf(index, recordId);
    return summary?.sources.find((s) => s.id === id);
  }, [sourceId, index, recordId, summary]);
  if (source?.kind !== 'sample' && !acknowledged) return <ContentWarning />;
  return <RecordImage recordId={recordId} alt={alt} />;
}

/**
 * The image itself, fetched from the worker only when shown. Bytes become a blob URL that is revoked when the
 * record changes or the view unmounts; expired or undecodable images show a placeholder with the reason.
 */
function RecordImage({ recordId, alt }: { recordId: string; alt: string }) {
  const [view, setView] = useState<ImageView>({ state: 'loading' });
  useEffect(() => {
    let objectUrl: string | null = null;
    let stale = false;
    setView({ state: 'loading' });
    trainer()
      .getImage(recordId)
      .then((payload) => {
        if (stale) return;
        if (payload.kind === 'bytes') {
          objectUrl = URL.createObjectURL(new Blob([payload.bytes as Uint8Array<ArrayBuffer>], { type: payload.mime }));
          setView({ state: 'shown', src: objectUrl });
        } else if (payload.kind === 'url') {
          setView(
            payload.expired
              ? { state: 'missing', reason: 'The signed image link in this JSON has expired; re-export it from the dataset viewer.' }
              : { state: 'shown', src: payload.url },
          );
        } else {
          setView({ state: 'missing', reason: payload.reason });
        }
      })
      .catch((error: unknown) => {
        if (!stale) setView({ state: 'missing', reason: errorText(error) });
      });
    return () => {
      stale = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [recordId]);

  if (view.state === 'loading') {
    return <div className="sample-image placeholder-image" aria-busy="true">Loading image…</div>;
  }
  if (view.state === 'missing') {
    return (
      <div className="sample-image placeholder-image" role="img" aria-label={`Image unavailable: ${view.reason}`} data-testid="sample-image-missing">
        <span>Image unavailable</span>
        <span className="muted">{view.reason}</span>
      </div>
    );
  }
  return (
    <img
      className="sample-image"
      src={view.src}
      alt={alt}
      data-testid="sample-image"
      onError={() => setView({ state: 'missing', reason: 'The browser could not decode this image.' })}
    />
  );
}
