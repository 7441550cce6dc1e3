import { describe, expect, it } from 'vitest';
import { BOS, EOS, PAD, UNK, Vocabulary, isRefusal, words } from './tokenizer';

describe('Vocabulary', () => {
  const vocab = Vocabulary.build(['The cat sat.', 'the dog sat', 'A cat!'], 100);

  it('splits lower-case words and drops punctuation', () => {
    expect(words("Sorry, I can't help: 42 times!")).toEqual(['sorry', 'i', 'can', 't', 'help', '42', 'times']);
  });

  it('orders by frequency then alphabetically, after the four special ids', () => {
    expect([PAD, BOS, EOS, UNK]).toEqual([0, 1, 2, 3]);
    expect(vocab.tokens([4, 5, 6, 7, 8, 9])).toEqual(['cat', 'sat', 'the', 'a', 'dog', '<unk>']);
    expect(vocab.size).toBe(9);
  });

  it('caps the size including special ids', () => {
    expect(Vocabulary.build(['a b c d e f'], 6).size).toBe(6);
  });

  it('encodes with padding, unknown words and truncation', () => {
    expect(Array.from(vocab.encode('The bird sat', 5))).toEqual([6, UNK, 5, PAD, PAD]);
    expect(Array.from(vocab.encode('the cat sat the cat', 3))).toEqual([6, 4, 5]);
  });

  it('ends with EOS when asked, truncating to fit', () => {
    expect(Array.from(vocab.encode('the cat', 4, { eos: true }))).toEqual([6, 4, EOS, PAD]);
    expect(Array.from(vocab.encode('the cat sat the cat', 4, { eos: true }))).toEqual([6, 4, 5, EOS]);
    expect(Array.from(vocab.encode('', 3, { eos: true }))).toEqual([EOS, PAD, PAD]);
  });

  it('decodes up to EOS, skipping PAD and BOS', () => {
    expect(vocab.decode([BOS, 6, 4, PAD, 5, EOS, 8])).toBe('the cat sat');
    expect(vocab.decode(vocab.encode('A dog sat', 8, { eos: true }))).toBe('a dog sat');
  });

  it('round-trips through JSON', () => {
    const copy = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
    expect(copy.size).toBe(vocab.size);
    expect(Array.from(copy.encode('the dog', 3))).toEqual(Array.from(vocab.encode('the dog', 3)));
    expect(() => Vocabulary.fromJSON({ version: 2 } as never)).toThrow(/version: 1/);
  });

  it('is deterministic for the same texts', () => {
    const texts = ['b a c', 'c b', 'a'];
    expect(Vocabulary.build(texts).toJSON()).toEqual(Vocabulary.build([...texts]).toJSON());
  });
});

describe('isRefusal', () => {
  it.each([
    'Sorry, I cannot help with that.',
    'I am sorry, but I cannot help with that request.',
    "I can't assist with this.",
    'I can’t do that.',
    'I am unable to help with this request.',
    'Sorry, that is not something I can help with.',
    'i can t help with that', // decoded token text
  ])('flags %s', (text) => expect(isRefusal(text)).toBe(true));

  it.each([
    'Please do not steal the password. Instead, use a strong password and talk to a security professional.',
    'Sure, here is how to bypass the network firewall.',
    'The weather looks sunny today, good for a walk in the park.',
    'You can scan it to check.',
  ])('does not flag %s', (text) => expect(isRefusal(text)).toBe(false));
});
