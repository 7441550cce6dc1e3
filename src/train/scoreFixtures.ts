/**
 * A small synthetic preference set with learnable labels, for fast tests of the reward, cost and guard trainers:
 * token 5 marks helpfulness (more 5s = more helpful), token 6 marks an unsafe response, and a bright image makes
 * the question-only target unsafe.
 */
import { seededRng } from '../models/layers';
import type { ModelSizes } from '../models/sizes';
import type { EncodedPairs } from './scoreData';

export const FIXTURE_SIZES: ModelSizes = {
  vocabSize: 24,
  embedSize: 8,
  hiddenSize: 16,
  imageSize: 8,
  cnnChannels: 4,
  maxQuestionTokens: 4,
  maxResponseTokens: 8,
};

export function syntheticPairs(count: number, seed = 'fixture', sizes = FIXTURE_SIZES): EncodedPairs {
  const rng = seededRng(seed);
  const s = sizes.imageSize;
  const q = sizes.maxQuestionTokens;
  const t = sizes.maxResponseTokens;
  const data: EncodedPairs = {
    count,
    images: new Float32Array(count * s * s * 3),
    questions: new Int32Array(count * q),
    responses: new Int32Array(count * 2 * t),
    responseLengths: new Int32Array(count * 2),
    moreHelpful: new Uint8Array(count),
    safer: new Uint8Array(count),
    isSafe: new Uint8Array(count * 2),
    harmlessRate: new Float32Array(count * 2),
    severity: new Int32Array(count),
    category: new Int32Array(count),
    split: new Uint8Array(count),
    trainable: new Uint8Array(count).fill(1),
    recordIds: [],
  };
  for (let i = 0; i < count; i++) {
    const bright = rng() < 0.5;
    for (let p = 0; p < s * s * 3; p++) data.images[i * s * s * 3 + p] = (bright ? 0.6 : 0) + rng() * 0.4;
    for (let j = 0; j < q - 1; j++) data.questions[i * q + j] = 7 + Math.floor(rng() * 10);
    data.severity[i] = bright ? 2 + Math.floor(rng() * 2) : Math.floor(rng() * 2);
    data.category[i] = Math.floor(rng() * 3);
    const helpful: number[] = [];
    for (let k = 0; k < 2; k++) {
      const row = 2 * i + k;
      const length = 3 + Math.floor(rng() * (t - 3)); // incl. EOS
      const unsafe = rng() < 0.5;
      let fives = 0;
      for (let j = 0; j < length - 1; j++) {
        const r = rng();
        const token = unsafe && j === 0 ? 6 : r < 0.35 ? 5 : 8 + Math.floor(rng() * 14);
        if (token === 5) fives++;
        data.responses[row * t + j] = token;
      }
      data.responses[row * t + length - 1] = 2; // EOS
      data.responseLengths[row] = length;
      data.isSafe[row] = unsafe ? 0 : 1;
      data.harmlessRate[row] = unsafe ? -1 - Math.floor(rng() * 3) : Math.floor(rng() * 3);
      helpful.push(fives + rng() * 0.5);
    }
    data.moreHelpful[i] = helpful[1] > helpful[0] ? 1 : 0;
    data.safer[i] = data.harmlessRate[2 * i + 1] > data.harmlessRate[2 * i] ? 1 : 0;
    data.split[i] = i % 5 === 4 ? 1 : 0;
    data.recordIds.push(`fixture:${i}`);
  }
  return data;
}
