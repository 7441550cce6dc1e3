// Interactive moderation: a loaded sample (with its dataset labels) or a typed question with an optional image.
import type { SampleRecord } from '../../data/record';
import type { ScoreModel } from '../../models/scoreModel';
import { blankImage, decodeImage, imageOf, type RecordImageReader } from './guardImages';
import { checkThreshold, moderateOne, type GuardContext } from './guardInference';
import type { CustomModerationInput, SampleModeration } from './types';

/** Verdicts for the question alone and for each response of a loaded sample, with the dataset's labels. */
export async function moderateSample(
  ctx: GuardContext,
  costModel: ScoreModel | null,
  record: SampleRecord,
  threshold: number,
  readImage: RecordImageReader,
): Promise<SampleModeration> {
  checkThreshold(threshold);
  const { pixels, note } = await imageOf(record, ctx.sizes.imageSize, readImage);
  const texts = record.responses.map((r) => r.text);
  const out = await moderateOne(ctx, costModel, pixels, record.question, texts, threshold);
  return {
    recordId: record.id,
    question: record.question,
    threshold,
    dataset: { category: record.category, imageSeverity: record.imageSeverity, split: record.split },
    query: { text: null, verdict: out.query, flagged: out.flagged(out.query), label: null, coverage: out.queryCoverage, cost: null },
    responses: record.responses.map((r, i) => ({
      text: r.text,
      verdict: out.responses[i],
      flagged: out.flagged(out.responses[i]),
      label: { isSafe: r.isSafe, harmlessRate: r.harmlessRate, helpfulRate: r.helpfulRate },
      coverage: out.responseCoverage[i],
      cost: out.costs ? out.costs[i] : null,
    })),
    imageNote:
      record.responses.length === 0
        ? `${note ?? ''} This sample has no responses: only the question was moderated.`.trim()
        : note,
  };
}

/** The typed question, trimmed; throws when it is empty. */
export function customQuestion(input: CustomModerationInput): string {
  const question = (input.question ?? '').trim();
  if (!question) throw new Error('Type a question to moderate (it is empty).');
  return question;
}

/** A typed question with an optional uploaded image (blank grey when none) and optional responses. */
export async function moderateCustom(
  ctx: GuardContext,
  costModel: ScoreModel | null,
  input: CustomModerationInput,
  threshold: number,
): Promise<SampleModeration> {
  checkThreshold(threshold);
  const question = customQuestion(input);
  const size = ctx.sizes.imageSize;
  const pixels = input.imageBytes?.length
    ? await decodeImage(input.imageBytes, 'the uploaded image', size)
    : blankImage(size);
  const responses = (input.responses ?? []).map((r) => r.trim()).filter((r) => r.length > 0);
  const out = await moderateOne(ctx, costModel, pixels, question, responses, threshold);
  return {
    recordId: null,
    question,
    threshold,
    dataset: null,
    query: { text: null, verdict: out.query, flagged: out.flagged(out.query), label: null, coverage: out.queryCoverage, cost: null },
    responses: responses.map((text, i) => ({
      text,
      verdict: out.responses[i],
      flagged: out.flagged(out.responses[i]),
      label: null,
      coverage: out.responseCoverage[i],
      cost: out.costs ? out.costs[i] : null,
    })),
    imageNote: input.imageBytes?.length ? null : 'No image uploaded: a blank grey image stood in.',
  };
}
