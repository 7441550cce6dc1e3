import { useSystem, useSystemActions } from '../../state/store';

export function Notices() {
  const { notices } = useSystem();
  const { dismiss } = useSystemActions();
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`}>
          <span>{notice.message}</span>
          <button type="button" className="link-button" aria-label="Dismiss notice" onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
