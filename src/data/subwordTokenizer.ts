// Byte-pair-encoding (BPE) subword tokenizer learned from the loaded data, with a UTF-8 byte fallback so no text
// ever becomes <unk>. Ids: 0–3 the special tokens (shared with the word vocabulary), 4–259 the 256 bytes
// (`<0x41>`), then the alphabet (single characters seen often enough), then one piece per learned merge.
//
// Text is normalised (NFKC, lower case, whitespace runs → one space) and split into chunks: a run of letters, one
// digit, or one other symbol, each prefixed with "▁" when whitespace precedes it (SentencePiece's marker), so
// decoding is concatenation: decode(encode(t)) === normalizeText(t) whenever nothing is truncated.
import { EOS, PAD, BOS, SPECIAL_TOKENS, UNK, type EncodeOptions, type Tokenizer } from './tokenizer';

export const SUBWORD_KIND = 'subword-bpe';
export const SUBWORD_VERSION = 1;
const SPACE = '▁';
const BYTE_BASE = SPECIAL_TOKENS.length;
const FIRST_PIECE = BYTE_BASE + 256;
/** Longest chunk split by merges; longer runs of letters (rare) are cut so one word cannot cost O(L²) time. */
const MAX_CHUNK = 48;
const CACHE_LIMIT = 200_000;

export interface SubwordJson {
  kind: typeof SUBWORD_KIND;
  version: typeof SUBWORD_VERSION;
  /** Single characters, ids FIRST_PIECE … in order. */
  alphabet: string[];
  /** Merges in rank order: each joins two existing pieces into a new one (its id follows the alphabet's). */
  merges: [string, string][];
}

export interface SubwordOptions {
  /** Total ids including the 4 special and 256 byte tokens. */
  size?: number;
  /** Characters seen fewer times than this are left to the byte fallback. */
  minCharCount?: number;
}

/** NFKC, lower case, U+2581 (the space marker) read as a space, whitespace runs → one space, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s▁]+/gu, ' ').trim();
}

const CHUNK = /[\p{L}\p{M}]+|\p{N}|[^\s\p{L}\p{M}\p{N}]/gu;

/** The chunks of normalised text, each "▁"-prefixed when a space precedes it (the first chunk always is). */
export function chunks(normalized: string): string[] {
  const out: string[] = [];
  for (const match of normalized.matchAll(CHUNK)) {
    const start = match.index ?? 0;
    const spaced = start === 0 || normalized[start - 1] === ' ';
    let chars = [...match[0]];
    let marker = spaced ? SPACE : '';
    // Cut very long letter runs so merging stays cheap; the pieces still decode to the same text.
    while (chars.length > MAX_CHUNK) {
      out.push(marker + chars.slice(0, MAX_CHUNK).join(''));
      chars = chars.slice(MAX_CHUNK);
      marker = '';
    }
    out.push(marker + chars.join(''));
  }
  return out;
}

const pairKey = (a: number, b: number) => a * 1_048_576 + b;

export class SubwordTokenizer implements Tokenizer {
  readonly kind = SUBWORD_KIND;
  private readonly pieces: string[];
  private readonly pieceIds = new Map<string, number>();
  /** pair key → [rank, merged id]. */
  private readonly mergeTable = new Map<number, [number, number]>();
  private readonly cache = new Map<string, number[]>();
  private readonly encoder = new TextEncoder();

  private constructor(private readonly json: SubwordJson) {
    this.pieces = [...SPECIAL_TOKENS];
    for (let b = 0; b < 256; b++) this.pieces.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    for (const char of json.alphabet) this.addPiece(char);
    json.merges.forEach(([left, right], rank) => {
      const a = this.pieceIds.get(left);
      const b = this.pieceIds.get(right);
      if (a === undefined || b === undefined) throw new Error(`Tokenizer JSON: merge ${rank + 1} joins "${left}" and "${right}", which are not earlier pieces`);
      this.mergeTable.set(pairKey(a, b), [rank, this.addPiece(left + right)]);
    });
  }

  /** Adds a piece, or returns the id of an equal one (two merges may spell the same text). */
  private addPiece(text: string): number {
    const existing = this.pieceIds.get(text);
    if (existing !== undefined) return existing;
    this.pieces.push(text);
    this.pieceIds.set(text, this.pieces.length - 1);
    return this.pieces.length - 1;
  }

  /**
   * Learns the alphabet and merges from texts (BPE: repeatedly merge the most frequent adjacent pair within
   * chunks, ties → smaller pair ids). Deterministic: the same texts in the same order give the same JSON.
   */
  static build(texts: Iterable<string>, options: SubwordOptions = {}): SubwordTokenizer {
    const size = Math.max(FIRST_PIECE, options.size ?? 2000);
    const minCharCount = options.minCharCount ?? 2;
    const chunkCounts = new Map<string, number>();
    for (const text of texts) for (const chunk of chunks(normalizeText(text))) chunkCounts.set(chunk, (chunkCounts.get(chunk) ?? 0) + 1);
    const charCounts = new Map<string, number>();
    for (const [chunk, count] of chunkCounts) for (const char of chunk) charCounts.set(char, (charCounts.get(char) ?? 0) + count);
    const alphabet = [...charCounts.entries()]
      .filter(([, count]) => count >= minCharCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, size - FIRST_PIECE)
      .map(([char]) => char);
    const pieces = [...alphabet];
    const ids = new Map(alphabet.map((c, i) => [c, i]));
    // Each chunk as symbol ids (−1 = a character left to the byte fallback, which never merges).
    const words = [...chunkCounts.entries()].map(([chunk, count]) => ({ symbols: Array.from(chunk, (c) => ids.get(c) ?? -1), count }));
    const pairCounts = new Map<number, number>();
    const pairWords = new Map<number, Set<number>>();
    const addPairs = (w: number, sign: 1 | -1) => {
      const { symbols, count } = words[w];
      for (let i = 0; i + 1 < symbols.length; i++) {
        const a = symbols[i];
        const b = symbols[i + 1];
        if (a < 0 || b < 0) continue;
        const key = pairKey(a, b);
        const total = (pairCounts.get(key) ?? 0) + sign * count;
        if (total > 0) pairCounts.set(key, total);
        else pairCounts.delete(key);
        if (sign > 0) {
          let set = pairWords.get(key);
          if (!set) pairWords.set(key, (set = new Set()));
          set.add(w);
        }
      }
    };
    words.forEach((_, w) => addPairs(w, 1));
    const merges: [string, string][] = [];
    while (FIRST_PIECE + pieces.length < size) {
      let best = -1;
      let bestCount = 1; // a pair seen once is not worth an id
      for (const [key, count] of pairCounts) if (count > bestCount || (count === bestCount && best >= 0 && key < best)) [best, bestCount] = [key, count];
      if (best < 0) break;
      const a = Math.floor(best / 1_048_576);
      const b = best % 1_048_576;
      const text = pieces[a] + pieces[b];
      let merged = ids.get(text);
      if (merged === undefined) {
        merged = pieces.length;
        pieces.push(text);
        ids.set(text, merged);
      }
      merges.push([pieces[a], pieces[b]]);
      for (const w of pairWords.get(best) ?? []) {
        addPairs(w, -1);
        const old = words[w].symbols;
        const next: number[] = [];
        for (let i = 0; i < old.length; i++) {
          if (i + 1 < old.length && old[i] === a && old[i + 1] === b) {
            next.push(merged);
            i++;
          } else next.push(old[i]);
        }
        words[w].symbols = next;
        addPairs(w, 1);
      }
      pairCounts.delete(best);
      pairWords.delete(best);
    }
    return new SubwordTokenizer({ kind: SUBWORD_KIND, version: SUBWORD_VERSION, alphabet, merges });
  }

  static fromJSON(json: unknown): SubwordTokenizer {
    const j = json as Partial<SubwordJson> | null;
    if (j?.kind !== SUBWORD_KIND || j.version !== SUBWORD_VERSION)
      throw new Error(`Tokenizer JSON must have kind "${SUBWORD_KIND}" and version ${SUBWORD_VERSION}`);
    if (!Array.isArray(j.alphabet) || j.alphabet.some((c) => typeof c !== 'string' || [...c].length !== 1))
      throw new Error('Tokenizer JSON: alphabet must be a list of single characters');
    if (!Array.isArray(j.merges) || j.merges.some((m) => !Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string'))
      throw new Error('Tokenizer JSON: merges must be a list of [left, right] string pairs');
    return new SubwordTokenizer({ kind: SUBWORD_KIND, version: SUBWORD_VERSION, alphabet: j.alphabet, merges: j.merges as [string, string][] });
  }

  toJSON(): SubwordJson {
    return this.json;
  }

  get size(): number {
    return this.pieces.length;
  }

  /** Ids of one chunk: its characters (bytes where a character is not in the alphabet), merged by rank. */
  private encodeChunk(chunk: string): number[] {
    const cached = this.cache.get(chunk);
    if (cached) return cached;
    let symbols: number[] = [];
    for (const char of chunk) {
      const id = this.pieceIds.get(char);
      if (id !== undefined && id >= FIRST_PIECE && id < FIRST_PIECE + this.json.alphabet.length) symbols.push(id);
      else for (const byte of this.encoder.encode(char)) symbols.push(BYTE_BASE + byte);
    }
    for (;;) {
      let bestRank = Infinity;
      let at = -1;
      let mergedId = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const entry = this.mergeTable.get(pairKey(symbols[i], symbols[i + 1]));
        if (entry && entry[0] < bestRank) [bestRank, at, mergedId] = [entry[0], i, entry[1]];
      }
      if (at < 0) break;
      symbols = [...symbols.slice(0, at), mergedId, ...symbols.slice(at + 2)];
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(chunk, symbols);
    return symbols;
  }

  /** Every id of the text, untruncated. */
  ids(text: string, limit = Infinity): number[] {
    const out: number[] = [];
    for (const chunk of chunks(normalizeText(text))) {
      for (const id of this.encodeChunk(chunk)) out.push(id);
      if (out.length >= limit) break;
    }
    return out;
  }

  encode(text: string, maxLen: number, options: EncodeOptions = {}): Int32Array {
    const out = new Int32Array(maxLen);
    const room = Math.max(0, options.eos ? maxLen - 1 : maxLen);
    const ids = this.ids(text, room);
    const n = Math.min(room, ids.length);
    for (let i = 0; i < n; i++) out[i] = ids[i];
    if (options.eos && maxLen > 0) out[n] = EOS;
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let text = '';
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length) text += new TextDecoder().decode(new Uint8Array(bytes));
      bytes = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === EOS) break;
      if (id === PAD || id === BOS) continue;
      if (id >= BYTE_BASE && id < FIRST_PIECE) {
        bytes.push(id - BYTE_BASE);
        continue;
      }
      flush();
      text += this.token(id);
    }
    flush();
    return text.replaceAll(SPACE, ' ').trim();
  }

  tokens(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.token(id));
  }

  token(id: number): string {
    return this.pieces[id] ?? '<unk>';
  }

  /** Every word is readable: characters outside the alphabet fall back to bytes. */
  knowsWord(): boolean {
    return true;
  }

  count(text: string): { tokens: number; unknown: number; byteFallback: number } {
    const ids = this.ids(text);
    let unknown = 0;
    let byteFallback = 0;
    for (const id of ids) {
      if (id === UNK) unknown++;
      else if (id >= BYTE_BASE && id < FIRST_PIECE) byteFallback++;
    }
    return { tokens: ids.length, unknown, byteFallback };
  }
}
