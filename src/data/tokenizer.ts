// The tokenizer every model shares (reward, cost, guard, policy), and its first kind: the word-level vocabulary the
// bundled sample's shipped weights use (lower-case words of letters and digits; punctuation dropped; words outside
// the vocabulary read as <unk>). The subword kind for real data is subwordTokenizer.ts; tokenizerJson.ts reads
// either. Special ids are fixed so padding and sequence ends mean the same everywhere.

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const UNK = 3;
export const SPECIAL_TOKENS: readonly string[] = ['<pad>', '<bos>', '<eos>', '<unk>'];

export interface EncodeOptions {
  /** End with EOS (the text is truncated to maxLen − 1 tokens so it always fits). */
  eos?: boolean;
}

/** What every model, the guard and the policy need from a tokenizer. */
export interface Tokenizer {
  /** 'word' (the shipped sample vocabulary) or 'subword-bpe' (learned from real data, byte fallback). */
  readonly kind: string;
  /** Number of ids (the embedding and output layers' rows). */
  readonly size: number;
  /** Exactly `maxLen` ids, PAD after the text. */
  encode(text: string, maxLen: number, options?: EncodeOptions): Int32Array;
  /** Text for ids, stopping at EOS and skipping PAD/BOS. */
  decode(ids: ArrayLike<number>): string;
  /** Every id's token string, specials included (for token-level views). */
  tokens(ids: ArrayLike<number>): string[];
  token(id: number): string;
  /** Whether a word (as `words()` splits text) is read without <unk>. */
  knowsWord(word: string): boolean;
  /** Tokens of the whole text and how many are <unk>. */
  count(text: string): { tokens: number; unknown: number };
  toJSON(): unknown;
}

/** Splits text into lower-case words of letters/digits (any script); everything else separates words. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface VocabularyJson {
  version: 1;
  /** Words for ids 4, 5, …, in id order (the four special ids come first and are implied). */
  words: string[];
}

export class Vocabulary implements Tokenizer {
  readonly kind = 'word';
  private readonly ids: Map<string, number>;

  private constructor(private readonly list: readonly string[]) {
    this.ids = new Map(list.map((word, i) => [word, i]));
  }

  /**
   * Keeps the `maxSize − 4` most frequent words (4 ids are special). Deterministic: frequency descending, then
   * alphabetical, so the same texts always give the same ids.
   */
  static build(texts: readonly string[], maxSize = 2000): Vocabulary {
    const counts = new Map<string, number>();
    for (const text of texts) for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const sorted = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, Math.max(0, maxSize - SPECIAL_TOKENS.length))
      .map(([word]) => word);
    return new Vocabulary([...SPECIAL_TOKENS, ...sorted]);
  }

  static fromJSON(json: VocabularyJson): Vocabulary {
    if (json?.version !== 1 || !Array.isArray(json.words) || json.words.some((w) => typeof w !== 'string')) {
      throw new Error('Vocabulary JSON must be { version: 1, words: string[] }');
    }
    return new Vocabulary([...SPECIAL_TOKENS, ...json.words]);
  }

  toJSON(): VocabularyJson {
    return { version: 1, words: this.list.slice(SPECIAL_TOKENS.length) };
  }

  get size(): number {
    return this.list.length;
  }

  id(word: string): number {
    return this.ids.get(word) ?? UNK;
  }

  /**
   * Encodes to exactly `maxLen` ids, PAD after the text. With `eos`, the last real token is EOS and the text is
   * truncated to `maxLen − 1` words so it always fits.
   */
  encode(text: string, maxLen: number, options: EncodeOptions = {}): Int32Array {
    const out = new Int32Array(maxLen);
    const room = options.eos ? maxLen - 1 : maxLen;
    const tokens = words(text);
    const n = Math.max(0, Math.min(room, tokens.length));
    for (let i = 0; i < n; i++) out[i] = this.id(tokens[i]);
    if (options.eos && maxLen > 0) out[n] = EOS;
    return out;
  }

  /** Words for ids, stopping at EOS and skipping PAD/BOS; unknown words show as <unk>. */
  decode(ids: ArrayLike<number>): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === EOS) break;
      if (id === PAD || id === BOS) continue;
      out.push(this.token(id));
    }
    return out.join(' ');
  }

  /** Every id's token string, specials included (for token-level views). */
  tokens(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.token(id));
  }

  token(id: number): string {
    return this.list[id] ?? '<unk>';
  }

  knowsWord(word: string): boolean {
    return this.ids.has(word);
  }

  count(text: string): { tokens: number; unknown: number } {
    const all = words(text);
    return { tokens: all.length, unknown: all.filter((word) => !this.ids.has(word)).length };
  }
}

// Refusal wording: the sample's ("Sorry, I cannot help with that") and common real phrasings. Works on raw text
// and on decoded token text ("i can t" after the tokenizer drops the apostrophe).
const REFUSAL = /\b(sorry|apologi[sz]e|i\s+(?:cannot|can\s*(?:'|’)?\s*t|can\s+not|won\s*(?:'|’)?\s*t|will\s+not|am\s+unable|m\s+unable)|unable\s+to\s+(?:help|assist|provide|comply)|not\s+something\s+i\s+can)\b/i;

/** Heuristic: does this response refuse? Used for refusal-rate metrics. */
export function isRefusal(text: string): boolean {
  return REFUSAL.test(text);
}
