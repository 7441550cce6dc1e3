import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunks, normalizeText, SUBWORD_KIND, SubwordTokenizer } from './subwordTokenizer';
import { realShapedPairs, realShapedTexts } from './testing/realShapedText';
import { EOS, PAD, Vocabulary } from './tokenizer';
import { tokenizerFromJSON, unknownRate } from './tokenizerJson';

describe('normalizeText and chunks', () => {
  it('lower-cases, applies NFKC and collapses whitespace (newlines included)', () => {
    expect(normalizeText('  Hello,\n\n  WORLD ﬁ ▁ x ')).toBe('hello, world fi x');
  });

  it('marks chunks that follow a space; letters run together, digits and symbols stand alone', () => {
    expect(chunks("i can't pay $42.")).toEqual(['▁i', '▁can', "'", 't', '▁pay', '▁$', '4', '2', '.']);
  });

  it('cuts very long letter runs without losing characters', () => {
    const long = 'a'.repeat(100);
    expect(chunks(long).join('')).toBe(`▁${long}`);
    expect(chunks(long).length).toBe(3);
  });
});

describe('SubwordTokenizer', () => {
  const tiny = SubwordTokenizer.build(['low lower lowest', 'low low newer newest', 'wide wider widest'], { size: 300 });

  it('lays out 4 special ids, 256 byte ids, the alphabet, then merges', () => {
    expect(tiny.tokens([0, 1, 2, 3, 4, 4 + 0x41, 259])).toEqual(['<pad>', '<bos>', '<eos>', '<unk>', '<0x00>', '<0x41>', '<0xFF>']);
    const json = tiny.toJSON();
    expect(json.kind).toBe(SUBWORD_KIND);
    // The first merge is the most frequent adjacent pair over the ten words, each "▁"-prefixed (counted here by hand).
    const firstMerge = json.merges[0];
    const pairs = new Map<string, number>();
    for (const word of ['low', 'lower', 'lowest', 'low', 'low', 'newer', 'newest', 'wide', 'wider', 'widest']) {
      const symbols = ['▁', ...word];
      for (let i = 0; i + 1 < symbols.length; i++) pairs.set(symbols[i] + '\u0000' + symbols[i + 1], (pairs.get(symbols[i] + '\u0000' + symbols[i + 1]) ?? 0) + 1);
    }
    const best = Math.max(...pairs.values());
    expect(pairs.get(firstMerge.join('\u0000'))).toBe(best);
    expect(tiny.size).toBe(4 + 256 + json.alphabet.length + new Set(json.merges.map(([a, b]) => a + b)).size);
  });

  it('encodes known words to whole pieces and never to <unk>', () => {
    const ids = tiny.encode('low', 4);
    expect(tiny.token(ids[0])).toBe('▁low');
    expect(Array.from(ids.slice(1))).toEqual([PAD, PAD, PAD]);
    const unseen = tiny.count('Zyx 日本 🙂');
    expect(unseen.unknown).toBe(0);
    expect(unseen.byteFallback).toBeGreaterThan(0);
  });

  it('round-trips text, unseen scripts and emoji included (decode ∘ encode = normalise)', () => {
    for (const text of ['Lowest NEWER, wider!', 'Ærø 日本語 🙂 naïve — 42%', "I'm sorry, I can't help.\n\nCall 911."]) {
      const ids = tiny.encode(text, 200, { eos: true });
      expect(tiny.decode(ids)).toBe(normalizeText(text));
    }
  });

  it('truncates to maxLen with EOS last', () => {
    const ids = tiny.encode('low low low low low low', 4, { eos: true });
    expect(ids.length).toBe(4);
    expect(ids[3]).toBe(EOS);
    expect(tiny.decode(ids)).toBe('low low low');
  });

  it('round-trips through JSON and the kind dispatcher; rejects broken JSON by field', () => {
    const copy = tokenizerFromJSON(JSON.parse(JSON.stringify(tiny)));
    expect(copy.kind).toBe(SUBWORD_KIND);
    expect(Array.from(copy.encode('widest lower', 8))).toEqual(Array.from(tiny.encode('widest lower', 8)));
    expect(() => SubwordTokenizer.fromJSON({ kind: SUBWORD_KIND, version: 1, alphabet: ['ab'], merges: [] })).toThrow(/alphabet/);
    expect(() => SubwordTokenizer.fromJSON({ kind: SUBWORD_KIND, version: 1, alphabet: ['a'], merges: [['a', 'z']] })).toThrow(/merge 1 joins "a" and "z"/);
    expect(() => tokenizerFromJSON({ kind: 'sentencepiece' })).toThrow(/Unknown tokenizer kind "sentencepiece"/);
    expect(tokenizerFromJSON({ version: 1, words: ['a'] }).kind).toBe('word');
  });

  it('is deterministic for the same texts', () => {
    const texts = realShapedTexts(realShapedPairs(40, 'det'));
    expect(SubwordTokenizer.build(texts, { size: 600 }).toJSON()).toEqual(SubwordTokenizer.build([...texts], { size: 600 }).toJSON());
  });
});

describe('coverage of real-shaped text', () => {
  // Trained on one seed's pairs, measured on another seed's, which adds rare names, symbols and scripts.
  const train = realShapedTexts(realShapedPairs(600, 'train'));
  const heldOut = realShapedTexts(realShapedPairs(200, 'held-out', { rare: 0.3 }));
  const subword = SubwordTokenizer.build(train, { size: 2000 });

  it('reads ≤ 1% of held-out tokens as <unk> (the target), and few through the byte fallback', () => {
    const rate = unknownRate(subword, heldOut);
    expect(rate.rate).toBeLessThanOrEqual(0.01);
    let bytes = 0;
    for (const text of heldOut) bytes += subword.count(text).byteFallback;
    expect(bytes / rate.tokens).toBeLessThan(0.02);
  });

  it('the shipped word vocabulary (the sample\'s) reads much of the same text as <unk>', () => {
    const shipped = Vocabulary.fromJSON(JSON.parse(readFileSync('public/weights/vocab.json', 'utf8')));
    expect(unknownRate(shipped, heldOut).rate).toBeGreaterThan(0.2);
  });

  it('every held-out text round-trips', () => {
    for (const text of heldOut) expect(subword.decode(subword.encode(text, 4000))).toBe(normalizeText(text));
  });
});
