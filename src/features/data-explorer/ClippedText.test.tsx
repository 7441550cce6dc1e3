// @vitest-environment jsdom
// Issue 26 item 7: a 50 MB dataset field renders clipped (the page stays small and responsive) and can still be
// read in full: Show more in steps, Copy all for the whole text.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexEntry } from '../../data/summary';
import type { SampleRecord } from '../../data/record';
import { CLIP_CHARS, ClippedText, MORE_CHARS, clipText } from './ClippedText';

afterEach(cleanup);

describe('ClippedText', () => {
  it('renders a 50 MB field clipped, reveals more on request and copies all of it', async () => {
    const huge = 'x'.repeat(50_000_000);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<ClippedText text={huge} testId="field" />);
    expect(screen.getByTestId('field').textContent).toHaveLength(CLIP_CHARS + 1);
    expect(screen.getByTestId('clipped-text-count').textContent).toBe('4,000 of 50,000,000 characters shown');
    fireEvent.click(screen.getByTestId('clipped-text-more'));
    expect(screen.getByTestId('field').textContent).toHaveLength(CLIP_CHARS + MORE_CHARS + 1);
    fireEvent.click(screen.getByTestId('clipped-text-copy'));
    await screen.findByText('Copied');
    expect(writeText).toHaveBeenCalledWith(huge);
  });

  it('shows short text whole, with no controls', () => {
    render(<ClippedText text={'A question?\nWith two lines.'} testId="field" />);
    expect(screen.getByTestId('field').textContent).toBe('A question?\nWith two lines.');
    expect(screen.queryByTestId('clipped-text-more')).toBeNull();
  });

  it('clips one-line texts and the question the record index carries to the main thread', () => {
    expect(clipText('abcdef', 3)).toBe('abc…');
    expect(clipText('abc', 3)).toBe('abc');
    const record = { id: 'a', sourceId: 's', row: 0, split: 'train', question: 'q'.repeat(1_000_000), category: 'animal_abuse', imageSeverity: 1, image: { kind: 'none' }, responses: [{ text: 't', from: 'm', isSafe: true }], contradictory: false } as unknown as SampleRecord;
    expect(indexEntry(record).question).toHaveLength(501);
  });
});
