import { words, type Tokenizer } from './tokenizer';

/** How much of a text a model can read: words it reads (after truncation) and how many of those it knows. */
export interface Coverage {
  /** Words the model reads (the text's first `limit` words). */
  read: number;
  /** Of those, words in the vocabulary (the rest become <unk>). */
  known: number;
  /** Words in the whole text (more than `read` when the model truncates it). */
  total: number;
}

/** Word coverage of `text` under `vocab`, reading at most `limit` words. */
export function coverage(vocab: Tokenizer, text: string, limit = Infinity): Coverage {
  const all = words(text);
  const read = all.slice(0, Math.max(0, limit));
  return { read: read.length, known: read.filter((w) => vocab.knowsWord(w)).length, total: all.length };
}

/** known / read, or null when nothing was read. */
export function knownShare(c: Coverage): number | null {
  return c.read > 0 ? c.known / c.read : null;
}
