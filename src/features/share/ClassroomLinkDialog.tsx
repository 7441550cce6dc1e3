import { useEffect, useId, useRef, useState } from 'react';
import { HIDABLE, HIDABLE_IDS, type HidableId } from '../../state/hidable';
import { encodeLink, linkUrl } from '../../state/link';
import { linkState } from '../../state/linkSync';
import { useConfig } from '../../state/store';
import { copyText } from './copyText';

/** Builds a link for a class: the current settings, chosen controls hidden, optionally starting on its own. */
export function ClassroomLinkDialog({ onClose }: { onClose: () => void }) {
  const config = useConfig();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [hide, setHide] = useState<HidableId[]>(() => linkState().hide);
  const [autoplay, setAutoplay] = useState(false);
  const [status, setStatus] = useState('');
  const id = useId();
  // A classroom link always opens on Train (class=1 also locks the preset picker for students).
  const url = linkUrl(window.location, encodeLink(config, { tab: 'train', hide, autoplay, classroom: true }));

  // No cleanup: removing the element closes the modal, and a cleanup close() would fire onClose after a remount.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const toggle = (hidable: HidableId) =>
    setHide((old) => (old.includes(hidable) ? old.filter((x) => x !== hidable) : [...old, hidable]));
  const copy = async () =>
    setStatus((await copyText(url)) ? 'Link copied' : 'Copying was blocked; select the link and copy it.');

  return (
    <dialog
      ref={dialogRef}
      className="classroom-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="classroom-dialog"
    >
      <h2 id={`${id}-title`}>Classroom link</h2>
      <p className="muted">
        Students who open this link land on Train with the current settings, the preset picker locked and the
        ticked controls hidden. It carries settings only, never data or results.
      </p>
      <fieldset className="classroom-hide">
        <legend>Hide</legend>
        {HIDABLE_IDS.map((hidable) => (
          <label key={hidable} className="check">
            <input
              type="checkbox"
              data-testid={`hide-${hidable}`}
              checked={hide.includes(hidable)}
              onChange={() => toggle(hidable)}
            />
            {HIDABLE[hidable]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          data-testid="classroom-autoplay"
          checked={autoplay}
          onChange={(e) => setAutoplay(e.target.checked)}
        />
        Start training automatically once the page is ready and Train is on screen
      </label>
      <label className="field" htmlFor={`${id}-url`}>
        <span>Link</span>
        <textarea
          id={`${id}-url`}
          readOnly
          rows={3}
          value={url}
          data-testid="classroom-url"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="copy-classroom-link"
          onClick={() => void copy()}
        >
          Copy link
        </button>
        <a href={url} target="_blank" rel="noopener noreferrer">
          Open in a new tab
        </a>
        <span role="status" className="muted">
          {status}
        </span>
        <button type="button" className="dialog-close" onClick={() => dialogRef.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
