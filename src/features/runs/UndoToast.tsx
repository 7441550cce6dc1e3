import { useEffect } from 'react';

export const UNDO_MS = 8000;

interface UndoToastProps {
  message: string;
  onUndo: () => void;
  onExpire: () => void;
}

/** "Deleted … [Undo]" for ~8 s. */
export function UndoToast({ message, onUndo, onExpire }: UndoToastProps) {
  useEffect(() => {
    const timer = setTimeout(onExpire, UNDO_MS);
    return () => clearTimeout(timer);
  }, [message, onExpire]);
  return (
    <div className="undo-toast" role="status" aria-live="polite" data-testid="undo-toast">
      <span>{message}</span>
      <button type="button" className="primary" data-testid="undo-delete" onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
