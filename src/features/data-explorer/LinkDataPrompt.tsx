import { formatBytes } from '../../data/urlProbe';
import { useAppStore } from '../../state/store';
import { acceptLinkData, declineLinkData } from './dataOperations';

/**
 * The question a shared link's data URLs raise before anything is downloaded: which host, how big (when the
 * server says), load or not. Shown above every area, one row per URL.
 */
export function LinkDataPrompt() {
  const requests = useAppStore((s) => s.data.linkRequests);
  if (requests.length === 0) return null;
  return (
    <section className="link-data-prompt" aria-label="Data named by the link" data-testid="link-data-prompt">
      {requests.map((request) => (
        <div key={request.url} className="notice notice-warning" data-testid="link-data-request">
          <span>
            This link names data to download from <strong data-testid="link-data-host">{request.host}</strong> (
            <span data-testid="link-data-size">
              {request.bytes === undefined ? 'checking size…' : formatBytes(request.bytes)}
            </span>
            ): <code className="link-data-url">{request.url}</code>
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
