import { useSystem, useSystemActions } from '../../state/store';
import type { Notice } from '../../state/slices/systemSlice';

/** Newest notices shown open (as many as were ever on screen before); older ones stay reachable in a collapsed group with their count, never pushed out. */
export const OPEN_NOTICES = 5;

function NoticeRow({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  return (
    <div className={`notice notice-${notice.level}`} data-testid="notice">
      <span>{notice.message}</span>
      <button type="button" className="link-button" aria-label="Dismiss notice" onClick={() => onDismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

export function Notices() {
  const { notices } = useSystem();
  const { dismiss, dismissAll } = useSystemActions();
  if (notices.length === 0) return null;
  const older = notices.slice(0, Math.max(0, notices.length - OPEN_NOTICES));
  const newest = notices.slice(older.length);
  const serious = older.filter((n) => n.level !== 'info').length;
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {newest.map((notice) => (
        <NoticeRow key={notice.id} notice={notice} onDismiss={dismiss} />
      ))}
      {older.length > 0 && (
        <details className="notices-older" data-testid="notices-older">
          <summary>
            {older.length === 1 ? '1 earlier notice' : `${older.length} earlier notices`}
            {serious > 0 ? ` (${serious} ${serious === 1 ? 'warning or error' : 'warnings or errors'})` : ''}
          </summary>
          {older.map((notice) => (
            <NoticeRow key={notice.id} notice={notice} onDismiss={dismiss} />
          ))}
        </details>
      )}
      {notices.length > 1 && (
        <button type="button" className="link-button notices-dismiss-all" data-testid="notices-dismiss-all" onClick={dismissAll}>
          Dismiss all {notices.length} notices
        </button>
      )}
    </div>
  );
}
