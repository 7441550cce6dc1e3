import { useAppStore } from '../../state/store';
import { acceptLinkData, declineLinkData } from './dataOperations';

/**
 * The question a shared link's data URLs raise before anything is downloaded: which host, which file, load or not.
 * The host hears nothing before a yes (not even a size question); the download limit in force is shown instead.
 * Shown above every area, one row per URL.
 */
export function LinkDataPrompt() {
  const requests = useAppStore((s) => s.data.linkRequests);
  const limitMb = useAppStore((s) => s.data.downloadLimitMb);
  if (requests.length === 0) return null;
  return (
    <section className="link-data-prompt" aria-label="Data named by the link" data-testid="link-data-prompt">
      {requests.map((request) => (
        <div key={request.url} className="notice notice-warning" data-testid="link-data-request">
          <span>
            This link names data to download from <strong data-testid="link-data-host">{request.host}</strong>:{' '}
            <code className="link-data-url">{request.url}</code>.{' '}
            <span data-testid="link-data-size">
              Size unknown: nothing is requested from this host until you choose Load it; downloads stop at{' '}
              {limitMb.toLocaleString('en-US')} MB (Download limit, next to Load from URL).
            </span>
          </span>
          {request.status === 'loading' ? (
            <span className="muted">Loading…</span>
          ) : (
            <span className="row tight">
              <button
                type="button"
                className="primary"
                data-testid="link-data-load"
                onClick={() => void acceptLinkData(request.url)}
              >
                Load it
              </button>
              <button type="button" data-testid="link-data-skip" onClick={() => declineLinkData(request.url)}>
                Don’t load
              </button>
            </span>
          )}
        </div>
      ))}
    </section>
  );
}
