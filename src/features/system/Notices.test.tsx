// @vitest-environment jsdom
// Issue 26 item 9: more than five notices never push one out; older ones stay reachable, grouped, with a count.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../state/store';
import { Notices } from './Notices';

afterEach(() => {
  cleanup();
  useAppStore.getState().systemActions.dismissAll();
});

describe('Notices', () => {
  it('keeps every notice: the newest five open, the rest in a counted group; dismiss one or all', () => {
    const { notify } = useAppStore.getState().systemActions;
    for (let i = 1; i <= 12; i++) notify(i % 4 === 0 ? 'warning' : 'info', `setting ${i} fell back to its default`);
    notify('info', 'setting 3 fell back to its default'); // a repeat shows once
    expect(useAppStore.getState().system.notices).toHaveLength(12);
    render(<Notices />);
    const older = screen.getByTestId('notices-older');
    expect(within(older).getByText('7 earlier notices (1 warning or error)')).toBeTruthy();
    // All twelve are in the document (the group's contents are reachable by opening it), in order.
    // The newest five render first, then the group holding 1–7: all twelve are in the document.
    expect(screen.getAllByTestId('notice').map((n) => n.textContent?.replace('×', ''))).toEqual(
      [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7].map((i) => `setting ${i} fell back to its default`),
    );
    fireEvent.click(within(older).getAllByRole('button', { name: 'Dismiss notice' })[0]);
    expect(useAppStore.getState().system.notices.map((n) => n.message)[0]).toBe('setting 2 fell back to its default');
    fireEvent.click(screen.getByTestId('notices-dismiss-all'));
    expect(useAppStore.getState().system.notices).toEqual([]);
  });
});
