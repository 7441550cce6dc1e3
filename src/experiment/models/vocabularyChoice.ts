// Which tokenizer the models and the data share, in the order the app's model store keeps it
// (src/worker/modelStore.ts) and the runner's set-up takes it (scripts/experiment/setup.ts, realData.ts): an
// installed model pack's, else the shipped one (public/weights/vocab.json), else a word vocabulary built from the
// loaded rows' questions and responses (at most 2,000 words, Vocabulary.build's default).
import { vocabularyTexts } from '../../data/encode';
import type { SampleRecord } from '../../data/record';
import { Vocabulary, type Tokenizer } from '../../data/tokenizer';

export type VocabularySource = 'pack' | 'shipped' | 'data';

export function chooseVocabulary(options: {
  pack?: Tokenizer | null;
  shipped: Tokenizer | null;
  /** The rows a vocabulary is built from when neither a pack's nor a shipped one exists (read only then). */
  rows: () => readonly SampleRecord[];
}): { vocab: Tokenizer; source: VocabularySource } {
  if (options.pack) return { vocab: options.pack, source: 'pack' };
  if (options.shipped) return { vocab: options.shipped, source: 'shipped' };
  return { vocab: Vocabulary.build(vocabularyTexts(options.rows())), source: 'data' };
}
