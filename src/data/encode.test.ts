import { describe, expect, it } from 'vitest';
import { encodeRecords, vocabularyTexts } from './encode';
import { loadBundledSampleNode, loadEncodedSampleNode } from './nodeSample';
import { HARM_CATEGORIES, type SampleRecord } from './record';
import { EOS, PAD, Vocabulary, isRefusal } from './tokenizer';

const pair: SampleRecord = {
  id: 's:0', sourceId: 's', row: 0, split: 'train', question: 'How to pick a lock', category: 'hacking_or_digital_crime', imageSeverity: 2,
  image: { kind: 'bytes', sourceId: 's', row: 0 },
  responses: [
    { text: 'sorry i cannot help', isSafe: true, harmlessRate: 0, helpfulRate: 0 },
    { text: 'pick the lock with a pin then open it and take everything inside the room', isSafe: false, harmlessRate: -2, helpfulRate: 3 },
  ],
  moreHelpful: 2, safer: 1, contradictory: false,
};
const single: SampleRecord = {
  id: 's:1', sourceId: 's', row: 1, split: 'evaluation', question: 'Is this fine', category: 'not_a_category', imageSeverity: 0,
  image: { kind: 'none' }, responses: [{ text: 'yes it is fine', isSafe: true }], contradictory: false,
};
const contradictory: SampleRecord = { ...pair, id: 's:2', row: 2, split: 'unknown', safer: 2, contradictory: true };

describe('encodeRecords', () => {
  const vocab = Vocabulary.build(vocabularyTexts([pair, single]));
  const sizes = { imageSize: 2, maxQuestionTokens: 4, maxResponseTokens: 6 };
  const image = Float32Array.from({ length: 12 }, (_, i) => i / 12);
  const encoded = encodeRecords([pair, single, contradictory], new Map([['s:0', image]]), vocab, sizes);

  it('lays out tokens: questions padded, responses EOS-terminated at (i·2 + k)·T', () => {
    expect(encoded.count).toBe(3);
    expect(vocab.decode(encoded.questions.subarray(0, 4))).toBe('how to pick a');
    const r = (i: number, k: number) => Array.from(encoded.responses.subarray((i * 2 + k) * 6, (i * 2 + k + 1) * 6));
    expect(r(0, 0)).toEqual([...vocab.encode('sorry i cannot help', 4), EOS, PAD]);
    expect(r(0, 1)[5]).toBe(EOS); // truncated to T − 1 words + EOS
    expect(Array.from(encoded.responseLengths.subarray(0, 2))).toEqual([5, 6]);
  });

  it('encodes labels, ratings, severity, category, split and the trainable flag', () => {
    expect(Array.from(encoded.moreHelpful)).toEqual([1, 0, 1]);
    expect(Array.from(encoded.safer)).toEqual([0, 0, 1]);
    expect(Array.from(encoded.isSafe)).toEqual([1, 0, 1, 1, 1, 0]);
    expect(Array.from(encoded.harmlessRate)).toEqual([0, -2, 0, 0, 0, -2]);
    expect(Array.from(encoded.helpfulRate)).toEqual([0, 3, 0, 0, 0, 3]);
    expect(Array.from(encoded.severity)).toEqual([2, 0, 2]);
    expect(Array.from(encoded.category)).toEqual([HARM_CATEGORIES.indexOf('hacking_or_digital_crime'), -1, HARM_CATEGORIES.indexOf('hacking_or_digital_crime')]);
    expect(Array.from(encoded.split)).toEqual([0, 1, 2]);
    expect(Array.from(encoded.trainable)).toEqual([1, 0, 0]);
  });

  it('duplicates a single response into both slots', () => {
    expect(encoded.responses.subarray(12, 18)).toEqual(encoded.responses.subarray(18, 24));
  });

  it('copies images and leaves missing ones zero', () => {
    expect(encoded.images.subarray(0, 12)).toEqual(image);
    expect(encoded.images.subarray(12, 24).every((v) => v === 0)).toBe(true);
  });

  it('rejects images of the wrong size', () => {
    expect(() => encodeRecords([pair], new Map([['s:0', new Float32Array(5)]]), vocab, sizes)).toThrow(/s:0 has 5 values, expected 12/);
  });
});

describe('bundled sample in Node', () => {
  it('loads 2,000 pairs with images and encodes them with one vocabulary', async () => {
    const { records, imageBytes } = await loadBundledSampleNode();
    expect(records).toHaveLength(2000);
    expect(imageBytes.size).toBe(2000);
    expect(records.filter((r) => r.contradictory)).toHaveLength(3);
    expect(records.filter((r) => r.split === 'evaluation')).toHaveLength(400);

    const { vocab, encoded } = await loadEncodedSampleNode({ imageSize: 8, maxQuestionTokens: 16, maxResponseTokens: 24 });
    expect(vocab.size).toBeGreaterThan(400);
    expect(vocab.size).toBeLessThan(800);
    expect(encoded.count).toBe(2000);
    expect(encoded.trainable.reduce((a, b) => a + b, 0)).toBe(1997);
    // Every response fits: max 20 words + EOS ≤ 24 tokens, and no word is unknown.
    expect(Math.max(...encoded.responseLengths)).toBeLessThanOrEqual(21);
    expect(encoded.responses.includes(3)).toBe(false);
    // Images are real pixels in [0, 1], not zeros.
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of encoded.images) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(sum / encoded.images.length).toBeGreaterThan(0.2);
    // Cached per process.
    expect(await loadBundledSampleNode()).toBe(await loadBundledSampleNode());
  });

  it('isRefusal recognises exactly the sample refusals', async () => {
    const { records } = await loadBundledSampleNode();
    const responses = records.flatMap((r) => r.responses);
    const mismatched = responses.filter((r) => isRefusal(r.text) !== (r.from === 'synthetic-refuser'));
    expect(mismatched.map((r) => r.text)).toEqual([]);
  });
});
