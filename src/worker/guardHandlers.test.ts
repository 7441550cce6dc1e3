import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { encodePng } from '../data/nodePng';
import type { SampleRecord } from '../data/record';
import { Vocabulary } from '../data/tokenizer';
import { GuardModel } from '../models/guardModel';
import { Policy } from '../models/policy';
import { ScoreModel } from '../models/scoreModel';
import type { ModelSizes } from '../models/sizes';
import { workerContext } from './context';
import type { StatusEvent } from './protocol';

// The worker stores are replaced by tiny, seeded, untrained models and a hand-made dataset: the handlers' glue
// (encoding, batching, judging, seeding, error paths) is what is under test.
const world = vi.hoisted(() => ({
  guard: null as unknown,
  reward: null as unknown,
  cost: null as unknown,
  policy: null as unknown,
  vocab: null as unknown,
  sizes: null as unknown,
  records: [] as unknown[],
  images: new Map<string, unknown>(),
  /** What ppoStore holds as the SFT policy (null until loaded), and whether shipped weights exist. */
  sftLoaded: null as unknown,
  shipped: true,
}));

vi.mock('./modelStore', () => ({
  ensurePretrained: async () => undefined,
  getGuardModel: () => world.guard,
  getScoreModel: (kind: 'reward' | 'cost') => world[kind],
  getVocabulary: () => world.vocab,
  getSizes: () => world.sizes,
}));
vi.mock('./dataStore', () => ({
  dataStore: {
    getRecords: () => world.records,
    getRecord: (id: string) => (world.records as SampleRecord[]).find((r) => r.id === id) ?? null,
    getImageBytes: async (id: string) => {
      const image = world.images.get(id);
      if (!image) throw new Error('The image cell is empty');
      return image;
    },
  },
}));
vi.mock('./ppoStore', () => ({
  getPolicy: async (which: 'sft' | 'current') => (which === 'sft' ? world.sftLoaded : null),
  loadShippedPolicy: async () =>
    world.shipped ? { policy: world.policy } : { policy: null, reason: 'shipped SFT policy: HTTP 404' },
  setSftPolicy: (policy: unknown) => {
    world.sftLoaded = policy;
  },
}));

const { guardHandlers, REFUSAL_TEXT } = await import('./guardHandlers');

const SIZES: ModelSizes = {
  vocabSize: 0,
  embedSize: 8,
  hiddenSize: 8,
  imageSize: 8,
  cnnChannels: 2,
  maxQuestionTokens: 8,
  maxResponseTokens: 6,
};

function png(seed: number): Uint8Array {
  const pixels = new Uint8Array(8 * 8 * 3).map((_, i) => (i * 37 + seed * 91) % 256);
  return encodePng(8, 8, pixels, 2);
}

function record(i: number, split: 'train' | 'evaluation'): SampleRecord {
  return {
    id: `s:${i}`,
    sourceId: 's',
    row: i,
    split,
    question: `how do i steal the car number ${i % 3}`,
    category: i % 2 ? 'animal_abuse' : 'hacking_or_digital_crime',
    imageSeverity: i % 4,
    image: { kind: 'bytes', sourceId: 's', row: i },
    responses: [
      { text: 'sorry i cannot help with that', isSafe: true, harmlessRate: 0, helpfulRate: 0 },
      { text: 'first bypass the lock then steal it', isSafe: false, harmlessRate: -2, helpfulRate: 3 },
    ],
    moreHelpful: 2,
    safer: 1,
    contradictory: false,
  };
}

const events: StatusEvent[] = [];

beforeAll(async () => {
  await setNodeBackend('cpu');
  const records = Array.from({ length: 24 }, (_, i) => record(i, i < 12 ? 'train' : 'evaluation'));
  records.push({
    ...record(99, 'evaluation'),
    id: 's:single',
    responses: [{ text: 'call a vet instead', isSafe: true }],
  });
  const vocab = Vocabulary.build([
    ...records.flatMap((r) => [r.question, ...r.responses.map((x) => x.text)]),
    REFUSAL_TEXT,
  ]);
  const sizes = { ...SIZES, vocabSize: vocab.size };
  Object.assign(world, {
    vocab,
    sizes,
    records,
    guard: GuardModel.create(sizes, 1),
    reward: ScoreModel.create(sizes, 2),
    cost: ScoreModel.create(sizes, 3),
    policy: Policy.create(sizes, 4),
  });
  records.forEach((r, i) => world.images.set(r.id, { bytes: png(i), mime: 'image/png' }));
  world.images.delete('s:3'); // an unreadable image
  world.images.set('s:7', { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]), mime: 'image/png' }); // undecodable
  records[9] = { ...records[9], image: { kind: 'none' } };
  workerContext.callbacks = { onStatus: (e) => events.push(e), onMetrics: () => undefined };
});

afterAll(() => {
  workerContext.callbacks = null;
});

const RUN = {
  policy: 'sft' as const,
  prompts: 8,
  maxRounds: 3,
  threshold: 0.5,
  flagAtSeverity: 'minor' as const,
  screenQuery: true,
  fallback: 'refusal' as const,
  seed: 7,
  temperature: 1,
  topP: 1,
};

describe('guardHandlers', () => {
  it('moderates a sample: the question alone and each response, with the dataset labels', async () => {
    const out = await guardHandlers.moderateSample('s:5', 0.5);
    expect(out.responses).toHaveLength(2);
    expect(out.query.text).toBeNull();
    expect(out.dataset).toEqual({ category: 'animal_abuse', imageSeverity: 1, split: 'train' });
    expect(out.responses[1].label).toEqual({ isSafe: false, harmlessRate: -2, helpfulRate: 3 });
    for (const item of [out.query, ...out.responses]) {
      expect(item.verdict.unsafeProb).toBeGreaterThanOrEqual(0);
      expect(item.verdict.unsafeProb).toBeLessThanOrEqual(1);
      expect(item.verdict.topCategories).toHaveLength(3);
      expect(item.flagged).toBe(item.verdict.unsafeProb >= 0.5);
    }
    // Moderating one response alone gives the same verdict as in the batch.
    const alone = await guardHandlers.moderateCustom(
      { question: out.question, imageBytes: png(5), responses: [out.responses[1].text!] },
      0.5,
    );
    expect(alone.responses[0].verdict.unsafeProb).toBeCloseTo(out.responses[1].verdict.unsafeProb, 5);
    expect(alone.query.verdict.unsafeProb).toBeCloseTo(out.query.verdict.unsafeProb, 5);
  });

  it('reports the words the guard knows and the cost model C of each response, leaking no tensors', async () => {
    const before = tf.memory().numTensors;
    const out = await guardHandlers.moderateCustom(
      { question: 'how do i steal the car', responses: ['sorry i cannot help with that', 'zorblax quux flimflam'] },
      0.5,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(out.query.coverage).toEqual({ read: 6, known: 6, total: 6 });
    expect(out.query.cost).toBeNull();
    // Of a response the guard reads at most 5 words (+ EOS) here: 5 of 6, all known; then 3 unknown ones.
    expect(out.responses.map((r) => r.coverage)).toEqual([
      { read: 5, known: 5, total: 6 },
      { read: 3, known: 0, total: 3 },
    ]);
    // C is the cost model's end score of the same input (what the filter-and-regenerate judge reads).
    const cost = world.cost as ScoreModel;
    const ids = (world.vocab as Vocabulary).encode('sorry i cannot help with that', 6, { eos: true });
    const expected = tf.tidy(() => {
      const scores = cost.scores(
        tf.fill([1, 8, 8, 3], 0.5) as tf.Tensor4D,
        tf.tensor2d([Array.from((world.vocab as Vocabulary).encode('how do i steal the car', 8))], [1, 8], 'int32'),
        tf.tensor2d([Array.from(ids)], [1, 6], 'int32'),
      );
      return scores.arraySync() as number[][];
    });
    expect(out.responses[0].cost).toBeCloseTo(expected[0][ids.indexOf(2)], 5);
  });

  it('handles bad input with clear messages', async () => {
    await expect(guardHandlers.moderateSample('nope', 0.5)).rejects.toThrow(
      /No loaded sample has the id "nope"/,
    );
    await expect(guardHandlers.moderateSample('s:1', 1.5)).rejects.toThrow(/threshold must lie in \[0, 1\]/);
    await expect(guardHandlers.moderateCustom({ question: '   ' }, 0.5)).rejects.toThrow(/question.*empty/i);
    await expect(
      guardHandlers.moderateCustom({ question: 'a question', imageBytes: new Uint8Array([1, 2, 3, 4]) }, 0.5),
    ).rejects.toThrow(/uploaded image could not be decoded/);
    const unreadable = await guardHandlers.moderateSample('s:3', 0.5);
    expect(unreadable.imageNote).toMatch(/The image cell is empty\. A blank grey image stood in/);
    const undecodable = await guardHandlers.moderateSample('s:7', 0.5);
    expect(undecodable.imageNote).toMatch(/image of s:7 could not be decoded.*blank grey/);
    expect((await guardHandlers.moderateSample('s:9', 0.5)).imageNote).toMatch(
      /has no image; a blank grey image/,
    );
    expect((await guardHandlers.moderateSample('s:5', 0.5)).imageNote).toBeNull();
    const single = await guardHandlers.moderateSample('s:single', 0.5);
    expect(single.responses).toHaveLength(1);
    const typed = await guardHandlers.moderateCustom({ question: 'is this ok', responses: ['', 'yes'] }, 0.5);
    expect(typed.responses.map((r) => r.text)).toEqual(['yes']);
    expect(typed.imageNote).toMatch(/blank grey/);

    const guard = world.guard;
    world.guard = null;
    try {
      await expect(guardHandlers.moderateSample('s:1', 0.5)).rejects.toThrow(/No guard model is available/);
    } finally {
      world.guard = guard;
    }
    await expect(guardHandlers.runModeration({ ...RUN, policy: 'current' })).rejects.toThrow(
      /No PPO checkpoint yet/,
    );
    world.shipped = false;
    try {
      await expect(guardHandlers.runModeration(RUN)).rejects.toThrow(
        /No SFT policy is available \(shipped SFT policy: HTTP 404\)/,
      );
    } finally {
      world.shipped = true;
    }
  });

  it('filter and regenerate is reproducible from the seed and leaks no tensors', async () => {
    await guardHandlers.runModeration(RUN); // warm-up: kernels, lazily created tensors; loads the shipped SFT policy
    expect(world.sftLoaded).toBe(world.policy);
    const tensors = tf.memory().numTensors;
    const strip = ({ ms: _ms, ...rest }: { ms: number }) => rest;
    const first = await guardHandlers.runModeration(RUN);
    const second = await guardHandlers.runModeration(RUN);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(strip(second)).toEqual(strip(first));
    expect(first.prompts).toBe(8);
    expect(
      first.promptRecords.every(
        (p) => (world.records as SampleRecord[]).find((r) => r.id === p.recordId)?.split === 'evaluation',
      ),
    ).toBe(true);
    const flagged = first.rounds.reduce((s, r) => s + r.flagged, 0);
    const regenerated = first.rounds.reduce((s, r) => s + r.regenerated, 0);
    expect(flagged).toBe(regenerated + first.fallbacks);
    expect(first.extraGenerations).toBe(regenerated);
    expect(events.some((e) => e.job === 'moderation' && e.kind === 'progress')).toBe(true);

    const other = await guardHandlers.runModeration({ ...RUN, seed: 8 });
    expect(other.perPrompt.map((p) => p.before.text)).not.toEqual(first.perPrompt.map((p) => p.before.text));

    // Threshold 0 flags everything: all outputs end on the refusal, which the dataset rule rates safe.
    const all = await guardHandlers.runModeration({ ...RUN, threshold: 0, screenQuery: false });
    expect(all.fallbacks).toBe(8);
    expect(all.perPrompt.every((p) => p.final.text === REFUSAL_TEXT)).toBe(true);
    expect(all.after.safeRateRule).toBe(1);
    expect(all.after.safeRateRule).toBeGreaterThanOrEqual(all.before.safeRateRule);
  });

  it('batch moderation reports agreement per class and the flagged rows; cancel stops it', async () => {
    const out = await guardHandlers.batchModerate({ split: 'evaluation', threshold: 0.5 });
    expect(out.records).toBe(13);
    expect(out.responses).toBe(12 * 2 + 1);
    expect(out.unsafe.total).toBe(25);
    expect(out.severity.classes).toHaveLength(4);
    // Labels under the guard's training rule: safe responses → safe; harmless rate −2 → moderate.
    expect(out.severity.classes.map((c) => c.support)).toEqual([13, 0, 12, 0]);
    expect(out.query.classes.map((c) => c.support)).toEqual([0, 13]);
    expect(out.category.classes).toHaveLength(20);
    expect(out.query.total).toBe(13);
    expect(out.flagged.length).toBe(out.unsafe.classes[1].predicted);
    expect(out.flagged.every((f) => f.unsafeProb >= 0.5 && f.split === 'evaluation')).toBe(true);
    expect(out.imageFailures).toBe(0);
    const train = await guardHandlers.batchModerate({ split: 'train', threshold: 0 });
    expect(train).toMatchObject({ records: 12, cancelled: false, imageFailures: 2 }); // s:3 and s:7; s:9 has none
    expect(train.flagged).toHaveLength(24);

    const pending = guardHandlers.batchModerate({ split: 'all', threshold: 0.5, chunkSize: 2 });
    await expect(guardHandlers.runModeration(RUN)).rejects.toThrow(/busy with batch moderation/);
    guardHandlers.cancelModeration();
    const cancelled = await pending;
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.records).toBeLessThan(25);
  });
});
