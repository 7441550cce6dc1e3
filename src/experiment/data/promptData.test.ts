import { describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../data/record';
import { Vocabulary } from '../../data/tokenizer';
import { encodePromptData } from './promptData';

const sizes = { imageSize: 1, maxQuestionTokens: 4, maxResponseTokens: 4 };

function record(row: number): SampleRecord {
  return {
    id: `s:${row}`,
    sourceId: 's',
    row,
    split: 'train',
    question: `question ${row}`,
    category: 'animal_abuse',
    imageSeverity: 1,
    image: { kind: 'bytes', sourceId: 's', row },
    responses: [{ text: 'a', isSafe: true }, { text: 'b', isSafe: false }],
    moreHelpful: 1,
    safer: 1,
    contradictory: false,
  };
}

describe('encodePromptData', () => {
  const records = [record(0), record(1), record(2)];
  // One pixel (3 values) per record: record i's image is all i.
  const pixels = Float32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  const vocab = Vocabulary.build(['question a b']);

  it('uses the decoded images as they are when every image decoded', () => {
    const out = encodePromptData(records, { pixels, failed: new Map() }, vocab, sizes);
    expect(out.skipped).toBe(0);
    expect(out.records.map((r) => r.id)).toEqual(['s:0', 's:1', 's:2']);
    expect(out.data.images).toBe(pixels);
    expect(out.data.recordIds).toEqual(['s:0', 's:1', 's:2']);
  });

  it('skips the rows whose image failed and keeps the others with their own images, in order', () => {
    const out = encodePromptData(records, { pixels, failed: new Map([['s:1', 'Truncated PNG']]) }, vocab, sizes);
    expect(out.skipped).toBe(1);
    expect(out.data.count).toBe(2);
    expect(out.data.recordIds).toEqual(['s:0', 's:2']);
    expect(Array.from(out.data.images)).toEqual([0, 0, 0, 2, 2, 2]);
    expect(Array.from(pixels)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]); // the input is left as it was
  });

  it('builds the vocabulary from the kept rows when given a function', () => {
    const seen: string[][] = [];
    const out = encodePromptData(
      records,
      { pixels, failed: new Map([['s:0', 'x']]) },
      (kept) => (seen.push(kept.map((r) => r.id)), vocab),
      sizes,
    );
    expect(seen).toEqual([['s:1', 's:2']]);
    expect(out.vocab).toBe(vocab);
  });

  it('names the problem when no row is left or the image buffer does not fit', () => {
    const all = new Map(records.map((r) => [r.id, 'bad'] as const));
    expect(() => encodePromptData(records, { pixels, failed: all }, vocab, sizes)).toThrow(
      'No usable rows: the image of every one of the 3 rows could not be read or decoded.',
    );
    expect(() => encodePromptData(records, { pixels: new Float32Array(4), failed: new Map() }, vocab, sizes)).toThrow(
      'encodePromptData: 4 image values for 3 records, expected 9',
    );
  });
});
