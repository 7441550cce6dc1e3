import { useEffect, useState } from 'react';
import { shareUrl } from '../../state/linkSync';
import { ClassroomLinkDialog } from './ClassroomLinkDialog';
import { copyText } from './copyText';
import './share.css';

/** Header buttons: copy a link to the current settings, or build a classroom link. */
export function ShareButtons() {
  const [copied, setCopied] = useState<{ ok: boolean; url: string } | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  useEffect(() => {
    if (!copied?.ok) return;
    const timer = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    const url = shareUrl();
    setCopied({ ok: await copyText(url), url });
  };
  return (
    <div className="share-buttons" data-hide-id="train-share">
      <button
        type="button"
        data-testid="copy-link"
        onClick={() => void copy()}
        title="Copy a link to the current settings (no data or results)"
      >
        Copy link
      </button>
      <button
        type="button"
        data-testid="classroom-link"
        aria-haspopup="dialog"
        onClick={() => setDialogOpen(true)}
      >
        Classroom link…
      </button>
      <span
        className="share-status"
        role="status"
        aria-live="polite"
        data-testid="copy-link-status"
        data-url={copied?.url ?? ''}
      >
        {copied?.ok && 'Link copied'}
      </span>
      {copied && !copied.ok && (
        <div className="popover share-fallback">
          <label className="field">
            <span>Copying was blocked by the browser; copy this link by hand:</span>
            <input
              readOnly
              value={copied.url}
              data-testid="copy-link-fallback"
              onFocus={(e) => e.currentTarget.select()}
              autoFocus
            />
          </label>
          <button type="button" onClick={() => setCopied(null)}>
            Close
          </button>
        </div>
      )}
      {dialogOpen && <ClassroomLinkDialog onClose={() => setDialogOpen(false)} />}
    </div>
  );
}
