// @vitest-environment jsdom
import { cleanup, render, screen, fireEvent } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SampleRecord } from '../../data/record';
import type { DatasetSummary } from '../../data/summary';

const RECORDS: Record<string, SampleRecord> = {
  'sample:0': {
    id: 'sample:0',
    sourceId: 'sample',
    row: 0,
    split: 'train',
    question: 'What is <b>this</b> animal doing?',
    category: 'animal_abuse',
    imageSeverity: 2,
    image: { kind: 'bytes', sourceId: 'sample', row: 0 },
    responses: [
      { text: 'Sorry, I cannot help with that.', from: 'synthetic-refuser', isSafe: true, harmlessRate: 0, helpfulRate: 0 },
      { text: 'Step one: bypass the fence.', from: 'synthetic-helper', isSafe: false, harmlessRate: -2, helpfulRate: 3 },
    ],
    moreHelpful: 2,
    safer: 1,
    contradictory: false,
  },
  'real:0': {
    id: 'real:0',
    sourceId: 'real',
    row: 0,
    split: 'evaluation',
    question: 'A real question',
    category: 'sexual_crimes',
    imageSeverity: 7,
    image: { kind: 'bytes', sourceId: 'real', row: 0 },
    responses: [{ text: 'Only one response', isSafe: true }],
    contradictory: true,
  },
};

vi.mock('../../worker/client', () => ({
  trainer: () => ({
    getRecord: async (id: string) => RECORDS[id] ?? null,
    getImage: async () => ({ kind: 'none', reason: 'test image not decodable' }),
  }),
}));

const { useAppStore } = await import('../../state/store');
const { SampleDetail } = await import('./SampleDetail');
const { SampleImage } = await import('./SampleImage');
const { indexEntry } = await import('../../data/summary');

const SUMMARY: DatasetSummary = {
  sources: [
    { id: 'sample', name: 'Synthetic sample', kind: 'sample', variant: 'pairs', rows: 1, split: 'train', warnings: [] },
    { id: 'real', name: 'real.parquet', kind: 'parquet', variant: 'single', rows: 1, split: 'evaluation', warnings: [] },
  ],
  rows: 2,
  pairs: 1,
  contradictory: 1,
  bySplit: { train: 1, evaluation: 1 },
  byCategory: { animal_abuse: 1, sexual_crimes: 1 },
  bySeverity: { 2: 1, 7: 1 },
  unsafeByCategory: {},
};

beforeAll(() => {
  useAppStore.getState().dataActions.loadFinished(SUMMARY, [], [], []);
});
afterEach(cleanup);

describe('SampleDetail', () => {
  it('shows the question as text, both responses with their labels and preferences, and the severity label', async () => {
    render(<SampleDetail recordId="sample:0" />);
    expect(await screen.findByTestId('sample-question')).toHaveProperty('textContent', 'What is <b>this</b> animal doing?');
    const first = screen.getByTestId('sample-response-1');
    const second = screen.getByTestId('sample-response-2');
    expect(first.textContent).toContain('safer ✓');
    expect(first.textContent).not.toContain('more helpful ✓');
    expect(second.textContent).toContain('more helpful ✓');
    expect(second.textContent).toContain('unsafe');
    expect(second.textContent).toContain('−2 (−3..3)');
    expect(second.textContent).toContain('synthetic-helper');
    expect(screen.getByTestId('sample-detail').textContent).toContain('severity moderate (2)');
    // Synthetic images need no content warning; an undecodable one shows its reason.
    expect(screen.queryByTestId('content-warning')).toBeNull();
    expect((await screen.findByTestId('sample-image-missing')).textContent).toContain('test image not decodable');
    // No extension given: no extras slot rendered.
    expect(document.querySelector('.response-extras')).toBeNull();
  });

  it('renders the per-response extension point only when given', async () => {
    const extras = vi.fn((recordId: string, index: number) => <span data-testid={`extra-${index}`}>{`${recordId}#${index}`}</span>);
    render(<SampleDetail recordId="sample:0" renderResponseExtras={extras} />);
    expect((await screen.findByTestId('extra-0')).textContent).toBe('sample:0#0');
    expect(screen.getByTestId('extra-1').textContent).toBe('sample:0#1');
  });

  it('hides real images behind the content warning until acknowledged; flags contradictions; raw unknown severity', async () => {
    render(<SampleDetail recordId="real:0" />);
    expect(await screen.findByTestId('content-warning')).toBeTruthy();
    expect(screen.getByTestId('sample-contradictory')).toBeTruthy();
    expect(screen.getByTestId('sample-detail').textContent).toContain('severity 7 (7)');
    expect(screen.queryByTestId('sample-response-2')).toBeNull();
    fireEvent.click(screen.getByTestId('content-warning-accept'));
    expect(await screen.findByTestId('sample-image-missing')).toBeTruthy();
    expect(useAppStore.getState().data.contentWarningAcknowledged).toBe(true);
  });

  it('SampleImage used on its own (other areas) finds the source through the index and gates real images', async () => {
    const store = useAppStore.getState();
    store.dataActions.loadFinished(SUMMARY, Object.values(RECORDS).map(indexEntry), [], []);
    useAppStore.setState({ data: { ...useAppStore.getState().data, contentWarningAcknowledged: false } });
    render(<SampleImage recordId="real:0" alt="real" />);
    expect(screen.getByTestId('content-warning')).toBeTruthy();
    cleanup();
    render(<SampleImage recordId="sample:0" alt="synthetic" />);
    expect(screen.queryByTestId('content-warning')).toBeNull();
    expect(await screen.findByTestId('sample-image-missing')).toBeTruthy();
  });

  it('says so when the record is no longer loaded', async () => {
    render(<SampleDetail recordId="gone:1" />);
    expect((await screen.findByText(/no longer loaded/)).textContent).toContain('gone:1');
  });
});
