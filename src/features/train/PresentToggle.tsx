import { useAppStore } from '../../state/store';

/**
 * Presentation view on / off (link key `view=present`): λ, J_C with its cost limit and the reward on one screen in
 * large type, for a projector; settings, phases and the other charts step aside until it is left.
 */
export function PresentToggle() {
  const view = useAppStore((s) => s.ui.view);
  const setView = useAppStore((s) => s.uiActions.setView);
  const present = view === 'present';
  return (
    <button
      type="button"
      className="present-toggle"
      aria-pressed={present}
      data-testid="present-toggle"
      onClick={() => setView(present ? 'normal' : 'present')}
      title={present ? 'Back to the full Train area' : 'λ, cost and reward in large type on one screen (for a projector)'}
    >
      {present ? 'Leave presentation view' : 'Presentation view'}
    </button>
  );
}
