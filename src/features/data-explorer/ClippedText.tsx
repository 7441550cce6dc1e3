import { useState } from 'react';

/** Characters of a dataset text shown at first; real questions are ≤ 181 and responses ≤ 2,170 characters. */
export const CLIP_CHARS = 4000;
/** Characters each "Show more" adds: enough to read on, few enough to render in a frame. */
export const MORE_CHARS = 20_000;

/** The start of `text`, at most `max` characters, with "…" where it was cut (for one-line places: lists, alt text). */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Dataset text rendered clipped, so no field can freeze or stretch the page (a 50 MB field once made the page
 * 33.5 million px wide): the first CLIP_CHARS characters, then "Show more" in MORE_CHARS steps and "Copy all" to
 * read the rest elsewhere. Plain text only (React escapes it); long unbroken runs wrap (CSS overflow-wrap).
 */
export function ClippedText({ text, className, testId }: { text: string; className?: string; testId?: string }) {
  const [shown, setShown] = useState(CLIP_CHARS);
  const [copied, setCopied] = useState<string | null>(null);
  const clipped = text.length > shown;
  return (
    <>
      <p className={`clipped-text ${className ?? ''}`} data-testid={testId}>
        {clipped ? `${text.slice(0, shown)}…` : text}
      </p>
      {text.length > CLIP_CHARS && (
        <span className="row tight clipped-text-actions">
          <span className="muted" data-testid="clipped-text-count">
            {Math.min(shown, text.length).toLocaleString('en-US')} of {text.length.toLocaleString('en-US')} characters shown
          </span>
          {clipped && (
            <button type="button" className="link-button" data-testid="clipped-text-more" onClick={() => setShown((n) => n + MORE_CHARS)}>
              Show more
            </button>
          )}
          <button
            type="button"
            className="link-button"
            data-testid="clipped-text-copy"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(text)
                .then(() => setCopied('Copied'))
                .catch(() => setCopied('Copy failed (the browser refused clipboard access)'))
            }
          >
            Copy all
          </button>
          {copied && <span role="status">{copied}</span>}
        </span>
      )}
    </>
  );
}
