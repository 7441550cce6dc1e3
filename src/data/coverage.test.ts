import { describe, expect, it } from 'vitest';
import { coverage, knownShare } from './coverage';
import { Vocabulary } from './tokenizer';

const vocab = Vocabulary.build(['how do i bake bread', 'bread is good']);

describe('coverage', () => {
  it('counts the words the model reads and the known ones among them', () => {
    expect(coverage(vocab, 'How do I bake sourdough bread?')).toEqual({ read: 6, known: 5, total: 6 });
    expect(coverage(vocab, 'zorblax quuxing flimflam bread')).toEqual({ read: 4, known: 1, total: 4 });
    // Truncation: only the first `limit` words are read.
    expect(coverage(vocab, 'bread bread zorblax zorblax', 2)).toEqual({ read: 2, known: 2, total: 4 });
  });

  it('gives the known share (null for text without words)', () => {
    expect(knownShare(coverage(vocab, 'bake bread xyzzy'))).toBeCloseTo(2 / 3, 12);
    expect(knownShare(coverage(vocab, '!!!'))).toBeNull();
  });
});
