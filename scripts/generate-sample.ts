// Generates the bundled synthetic BeaverTails-V sample: public/sample/data/<category>/{train,evaluation}.parquet,
// public/sample/manifest.json and public/sample/README.md. Seeded and deterministic:
//   npx tsx scripts/generate-sample.ts
// The content is synthetic (no real BeaverTails-V rows); the schema is the published preference variant's exactly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import { encodePng } from '../src/data/nodePng';
import { HARM_CATEGORIES, type HarmCategory } from '../src/data/record';
import { writePairsParquet, type RawPairRow } from '../src/data/testing/parquetFixtures';
import {
  ANSWERS_BODY, ANSWERS_OPEN, BENIGN_QUESTIONS, CAVEATED_BODY, CAVEATED_OPEN, COMPLIANCE_OPEN, COMPLIANCE_STEPS,
  HARMFUL_QUESTIONS, MITIGATIONS_BODY, MITIGATIONS_OPEN, OFF_TOPIC, OFF_TOPIC_TAIL, REFUSALS, RISKY_BODY, RISKY_OPEN,
  THEMES, type CategoryTheme,
} from './sampleContent';
import { IMAGE_SIZE, drawImage } from './sampleImages';

export const SAMPLE_SEED = 'safe-rlhf-v-playground/sample/v2';
export const TRAIN_PER_CATEGORY = 80;
export const EVAL_PER_CATEGORY = 20;
/** Train files of these categories each hold one deliberately contradictory pair (docs/data.md §7). */
export const CONTRADICTORY_CATEGORIES: readonly HarmCategory[] = ['deception_in_personal_relationships', 'horror_and_gore', 'psychological_horror_and_dark_themes'];
const CONTRADICTORY_ROW = 5;
const MAX_RESPONSE_WORDS = 20;

/**
 * Response kinds. For a risky question they form a graded frontier, from safe to harmful and, in the same order,
 * from least to most helpful: mitigation (safe, partly helpful) → caveated (general help with a warning) → risky
 * (a concrete hint) → compliance (step-by-step harm). A refusal and an off-topic ramble sit below the frontier;
 * `answer` describes the picture: helpful and safe for a benign question, a dodge for a risky one.
 */
export const RESPONSE_KINDS = ['refusal', 'mitigation', 'caveated', 'risky', 'compliance', 'off-topic', 'answer'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
const FROM: Record<ResponseKind, string> = {
  refusal: 'synthetic-refuser',
  mitigation: 'synthetic-helper',
  caveated: 'synthetic-advisor',
  risky: 'synthetic-hinter',
  compliance: 'synthetic-complier',
  'off-topic': 'synthetic-rambler',
  answer: 'synthetic-describer',
};
/** P(kind | image_severity) for a risky question, over RESPONSE_KINDS: higher severity ⇒ more harmful answers. */
const RISKY_MIX: Record<number, number[]> = {
  0: [0.14, 0.22, 0.2, 0.14, 0.1, 0.1, 0.1],
  1: [0.13, 0.2, 0.19, 0.16, 0.14, 0.09, 0.09],
  2: [0.12, 0.18, 0.18, 0.18, 0.18, 0.08, 0.08],
  3: [0.12, 0.16, 0.16, 0.2, 0.22, 0.07, 0.07],
};
/** P(kind) for a benign question: no harmful answers; the describing answer is the best on both axes. */
const BENIGN_MIX = [0.14, 0.16, 0.14, 0, 0, 0.16, 0.4];
const SEVERITY_MIX = [0.2, 0.3, 0.3, 0.2];
/** P(benign-looking question | severity). */
const BENIGN_SHARE = [0.7, 0.35, 0.15, 0.05];

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function pickWeighted(random: Random, weights: readonly number[]): number {
  let u = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function int(random: Random, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w)\}/g, (_, key: string) => slots[key] ?? '');
}

export function wordCount(text: string): number {
  return text.split(/[^a-z0-9]+/i).filter(Boolean).length;
}

interface DraftResponse {
  kind: ResponseKind;
  text: string;
  helpful: number;
  harmless: number;
}

const TEMPLATES: Record<Exclude<ResponseKind, 'refusal' | 'off-topic'>, [readonly string[], readonly string[]]> = {
  mitigation: [MITIGATIONS_OPEN, MITIGATIONS_BODY],
  caveated: [CAVEATED_OPEN, CAVEATED_BODY],
  risky: [RISKY_OPEN, RISKY_BODY],
  compliance: [COMPLIANCE_OPEN, COMPLIANCE_STEPS],
  answer: [ANSWERS_OPEN, ANSWERS_BODY],
};

function responseText(kind: ResponseKind, theme: CategoryTheme, harm: string, random: Random): string {
  for (let attempt = 0; ; attempt++) {
    const slots = { n: pick(random, theme.nouns), h: harm, s: pick(random, theme.safer), e: theme.expert };
    let text: string;
    if (kind === 'refusal') text = pick(random, REFUSALS);
    else if (kind === 'off-topic') text = pick(random, OFF_TOPIC) + pick(random, OFF_TOPIC_TAIL);
    else {
      const [open, body] = TEMPLATES[kind];
      text = `${fill(pick(random, open), slots)} ${fill(pick(random, body), slots)}`;
    }
    if (wordCount(text) <= MAX_RESPONSE_WORDS || attempt > 50) return text;
  }
}

/**
 * Ratings follow the judge rubric (helpful 0..3, harmless −3..3). For a risky question, more harm buys more help:
 * mitigation 1 / 3, caveated 2 / 1, risky 2–3 / −1, compliance 3 / −2..−3 (worse with image severity); refusals
 * 0 / 2, off-topic 0–1 / 0–1, a describing dodge 1 / 2. For a benign question the describing answer is helpful 3 and
 * harmless 2–3: helpful and safe at once.
 */
function draftResponse(kind: ResponseKind, benign: boolean, severity: number, theme: CategoryTheme, harm: string, random: Random): DraftResponse {
  const text = responseText(kind, theme, harm, random);
  switch (kind) {
    case 'refusal':
      return { kind, text, helpful: 0, harmless: 2 };
    case 'mitigation':
      return { kind, text, helpful: 1, harmless: 3 };
    case 'caveated':
      return { kind, text, helpful: 2, harmless: 1 };
    case 'risky':
      return { kind, text, helpful: int(random, 2, 3), harmless: -1 };
    case 'compliance':
      return { kind, text, helpful: 3, harmless: -Math.min(3, 2 + Math.floor(random() * 2 * (severity + 1) / 4)) };
    case 'off-topic':
      return { kind, text, helpful: int(random, 0, 1), harmless: int(random, 0, 1) };
    case 'answer':
      return benign ? { kind, text, helpful: 3, harmless: int(random, 2, 3) } : { kind, text, helpful: 1, harmless: 2 };
  }
}

/** Draws a pair with no tie on either axis (the judge allows none); `contradictory` forces one unsafe + one safe. */
function draftPair(severity: number, benign: boolean, theme: CategoryTheme, harm: string, random: Random, contradictory: boolean): [DraftResponse, DraftResponse] {
  const mix = benign ? BENIGN_MIX : RISKY_MIX[severity];
  for (;;) {
    const kinds = [0, 1].map(() => RESPONSE_KINDS[pickWeighted(random, mix)]);
    if (contradictory && kinds.filter((k) => k === 'compliance').length !== 1) continue;
    const a = draftResponse(kinds[0], benign, severity, theme, harm, random);
    const b = draftResponse(kinds[1], benign, severity, theme, harm, random);
    if (a.helpful !== b.helpful && a.harmless !== b.harmless && a.text !== b.text) return [a, b];
  }
}

export interface GeneratedFile {
  category: HarmCategory;
  split: 'train' | 'evaluation';
  rows: RawPairRow[];
  kinds: [ResponseKind, ResponseKind][];
  /** Whether each row's question is benign-looking. */
  benign: boolean[];
}

export function generateSample(seed = SAMPLE_SEED): GeneratedFile[] {
  const random = seedrandom.alea(seed);
  const files: GeneratedFile[] = [];
  const trainImages: { bytes: Uint8Array; path: string | null }[] = [];
  for (const category of HARM_CATEGORIES) {
    const theme = THEMES[category];
    for (const split of ['train', 'evaluation'] as const) {
      const count = split === 'train' ? TRAIN_PER_CATEGORY : EVAL_PER_CATEGORY;
      const file: GeneratedFile = { category, split, rows: [], kinds: [], benign: [] };
      for (let i = 0; i < count; i++) {
        const contradictory = split === 'train' && i === CONTRADICTORY_ROW && CONTRADICTORY_CATEGORIES.includes(category);
        const severity = contradictory ? 2 : pickWeighted(random, SEVERITY_MIX);
        const noun = pick(random, theme.nouns);
        const harm = pick(random, theme.harms);
        const benign = !contradictory && random() < BENIGN_SHARE[severity];
        const question = fill(pick(random, benign ? BENIGN_QUESTIONS : HARMFUL_QUESTIONS), { n: noun, h: harm });
        const [r1, r2] = draftPair(severity, benign, theme, harm, random, contradictory);

        // Images: mostly fresh; every 40th row repeats the previous row's image (one image, several questions);
        // the first evaluation row of a few categories repeats a train image (a cross-split duplicate, docs/data.md §7).
        const path = i % 37 === 11 ? null : `${category}_${split}_${String(i).padStart(4, '0')}.png`;
        let image: { bytes: Uint8Array; path: string | null };
        const previous = file.rows[i - 1]?.image;
        if (i % 40 === 39 && previous?.bytes) image = { bytes: previous.bytes, path: previous.path };
        else if (split === 'evaluation' && i === 0 && files.length % 8 === 1 && trainImages.length > 0) image = trainImages[trainImages.length - 1];
        else image = { bytes: encodePng(IMAGE_SIZE, IMAGE_SIZE, drawImage(theme, severity, random)), path };
        if (split === 'train') trainImages.push(image);

        const moreHelpful = r1.helpful > r2.helpful ? '1' : '2';
        let safer = r1.harmless > r2.harmless ? '1' : '2';
        // A deliberately contradictory pair: "safer" names the unsafe (harmful) response.
        if (contradictory) safer = r1.kind === 'compliance' ? '1' : '2';
        file.rows.push({
          question,
          image,
          category,
          image_severity: severity,
          response_1: r1.text,
          response_2: r2.text,
          response_1_from: FROM[r1.kind],
          response_2_from: FROM[r2.kind],
          more_helpful_response_id: moreHelpful,
          safer_response_id: safer,
          is_response_1_safe: r1.harmless >= 0 ? 'yes' : 'no',
          is_response_2_safe: r2.harmless >= 0 ? 'yes' : 'no',
          response_1_harmless_rate: r1.harmless,
          response_2_harmless_rate: r2.harmless,
          response_1_helpful_rate: r1.helpful,
          response_2_helpful_rate: r2.helpful,
        });
        file.kinds.push([r1.kind, r2.kind]);
        file.benign.push(benign);
      }
      files.push(file);
    }
  }
  return files;
}

export interface SampleStats {
  pairs: number;
  vocabulary: number;
  kindShares: Record<ResponseKind, number>;
  /** Share of pairs whose more helpful response is the harmful compliance. */
  conflictShare: number;
  /** Share of pairs whose more helpful response is not the safer one. */
  helpfulNotSaferShare: number;
  maxResponseWords: number;
}

export function sampleStats(files: GeneratedFile[]): SampleStats {
  const words = new Set<string>();
  const kindCounts = Object.fromEntries(RESPONSE_KINDS.map((k) => [k, 0])) as Record<ResponseKind, number>;
  let pairs = 0;
  let conflict = 0;
  let helpfulNotSafer = 0;
  let maxResponseWords = 0;
  for (const file of files) {
    file.rows.forEach((row, i) => {
      pairs++;
      for (const text of [row.question, row.response_1, row.response_2]) {
        for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) if (w) words.add(w);
      }
      maxResponseWords = Math.max(maxResponseWords, wordCount(row.response_1), wordCount(row.response_2));
      const kinds = file.kinds[i];
      kindCounts[kinds[0]]++;
      kindCounts[kinds[1]]++;
      if (kinds[Number(row.more_helpful_response_id) - 1] === 'compliance') conflict++;
      if (row.more_helpful_response_id !== row.safer_response_id) helpfulNotSafer++;
    });
  }
  const kindShares = Object.fromEntries(RESPONSE_KINDS.map((k) => [k, kindCounts[k] / (2 * pairs)])) as Record<ResponseKind, number>;
  return { pairs, vocabulary: words.size, kindShares, conflictShare: conflict / pairs, helpfulNotSaferShare: helpfulNotSafer / pairs, maxResponseWords };
}

export interface ManifestFile {
  category: string;
  split: 'train' | 'evaluation';
  path: string;
  rows: number;
  bytes: number;
}

const README = `# Bundled synthetic sample

Everything in this folder is **synthetic**: generated by \`scripts/generate-sample.ts\` (seeded, deterministic;
re-run with \`npx tsx scripts/generate-sample.ts\`). It contains **no real BeaverTails-V rows or images**.

The files follow the published BeaverTails-V preference variant's schema exactly (hub layout
\`data/<category>/{train,evaluation}.parquet\`, SNAPPY Parquet, string ids \`"1"/"2"\`, \`"yes"/"no"\` safety labels,
int64 ratings, \`image\` as \`struct<bytes: binary, path: string>\` holding 32×32 PNGs), so the same loaders read the
real dataset (BeaverTails-V, PKU-Alignment / Safe RLHF-V, arXiv 2503.17682, licensed CC BY-NC 4.0:
https://creativecommons.org/licenses/by-nc/4.0/).

What the synthetic data contains, so results can be read correctly:
- 20 categories × (80 train + 20 evaluation) pairs; the images draw more, larger, redder, sharper shapes as
  \`image_severity\` (0..3) rises, plus a per-category corner motif and border colour.
- Risky questions get answers on a graded helpfulness–harmlessness frontier, where more harm buys more help:
  safe and partly helpful (helpful 1, harmless 3), helpful with caveats (2, 1), a mildly risky hint (2–3, −1) and
  full harmful compliance (3, −2..−3; worse with image severity), plus refusals (0, 2), off-topic answers (0–1,
  0–1) and a dodge that only describes the picture (1, 2). Higher severity means more harmful answers. Benign
  questions get a describing answer that is helpful and safe at once (3, 2–3) beside refusals, warnings and
  off-topic answers, and never a harmful one. A policy that only maximises reward drifts to harmful compliance on
  risky questions; a cost limit picks a point on the frontier.
- Labels follow the rating rules (safe ⇔ harmless rate ≥ 0, no ties), except three deliberately contradictory
  train pairs; a few images are exact duplicates (also across splits) and some image paths are null.
`;

function main(): void {
  const root = join(process.cwd(), 'public/sample');
  const files = generateSample();
  const manifestFiles: ManifestFile[] = [];
  for (const file of files) {
    const path = `data/${file.category}/${file.split}.parquet`;
    const buffer = writePairsParquet(file.rows);
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), new Uint8Array(buffer));
    manifestFiles.push({ category: file.category, split: file.split, path, rows: file.rows.length, bytes: buffer.byteLength });
  }
  const stats = sampleStats(files);
  const manifest = {
    name: 'Synthetic BeaverTails-V sample',
    synthetic: true,
    generator: 'scripts/generate-sample.ts',
    seed: SAMPLE_SEED,
    variant: 'pairs',
    imageSize: IMAGE_SIZE,
    pairs: stats.pairs,
    files: manifestFiles,
  };
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(root, 'README.md'), README);
  const totalBytes = manifestFiles.reduce((n, f) => n + f.bytes, 0);
  console.log(JSON.stringify({ ...stats, files: manifestFiles.length, totalBytes }, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
