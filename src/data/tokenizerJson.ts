// Reads a saved tokenizer of either kind. The word vocabulary's JSON ({ version: 1, words }) predates the `kind`
// field, so JSON without one is read as a word vocabulary; every saved model carries the JSON it was trained with.
import { SUBWORD_KIND, SubwordTokenizer } from './subwordTokenizer';
import { Vocabulary, type Tokenizer, type VocabularyJson } from './tokenizer';

export function tokenizerFromJSON(json: unknown): Tokenizer {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === SUBWORD_KIND) return SubwordTokenizer.fromJSON(json);
  if (kind === undefined || kind === 'word') return Vocabulary.fromJSON(json as VocabularyJson);
  throw new Error(`Unknown tokenizer kind "${String(kind)}" (this version reads "word" and "${SUBWORD_KIND}")`);
}

/** Share of a text's tokens that read as <unk>, over many texts. */
export function unknownRate(tokenizer: Tokenizer, texts: Iterable<string>): { tokens: number; unknown: number; rate: number } {
  let tokens = 0;
  let unknown = 0;
  for (const text of texts) {
    const c = tokenizer.count(text);
    tokens += c.tokens;
    unknown += c.unknown;
  }
  return { tokens, unknown, rate: tokens ? unknown / tokens : 0 };
}
