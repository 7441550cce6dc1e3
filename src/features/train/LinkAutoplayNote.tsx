import { useAppStore } from '../../state/store';

/** What a link's autoplay is doing, beside Start: waiting to start, or held with the reason. */
export function LinkAutoplayNote() {
  const autoplay = useAppStore((s) => s.ui.autoplay);
  const note = useAppStore((s) => s.ui.autoplayNote);
  if (autoplay === 'waiting') {
    return (
      <p className="muted small autoplay-note" role="status" data-testid="autoplay-status" data-state="waiting">
        This link starts training by itself as soon as the models and the data are loaded.
      </p>
    );
  }
  if (autoplay === 'held') {
    return (
      <div className="error-box autoplay-note" role="alert" data-testid="autoplay-status" data-state="held">
        {note}
      </div>
    );
  }
  return null;
}
