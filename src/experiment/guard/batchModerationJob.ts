// Batch moderation: every question and response of a loaded split through the guard, in chunks, scored against the
// dataset's labels (is_safe, severity, category, question-only screening).
import { HARM_CATEGORIES, SEVERITY_LEVELS, type SampleRecord } from '../../data/record';
import { isFlagged } from '../../train/guardLoop';
import { classificationReport, type FlaggedRow } from '../../train/moderationMetrics';
import { queryUnsafeLabel, responseSeverityLabel, splitRecords } from './datasetLabels';
import { imagesFor, type RecordImageReader } from './guardImages';
import { checkThreshold, predictRows, repeatRows, type GuardContext } from './guardInference';
import type { BatchModerationRequest, BatchModerationResult, GuardJobHooks } from './types';

export interface BatchModerationInputs {
  ctx: GuardContext;
  records: readonly SampleRecord[];
  readImage: RecordImageReader;
  request: BatchModerationRequest;
  /** performance.now() when the request came in: `ms` counts from there (model loading included). */
  started: number;
}

/** Cancel (hooks.signal) takes effect between chunks; a cancelled run reports the rows moderated so far. */
export async function batchModerationJob(
  inputs: BatchModerationInputs,
  hooks: GuardJobHooks,
): Promise<BatchModerationResult> {
  const { ctx, records: all, request } = inputs;
  const { split, threshold } = request;
  const chunkSize = Math.max(1, Math.floor(request.chunkSize ?? 32));
  checkThreshold(threshold);
  const indices = splitRecords(all, split);
  if (indices.length === 0) throw new Error(`No loaded rows in the ${split} split.`);
  const { sizes, vocab } = ctx;
  const q = sizes.maxQuestionTokens;
  const unsafeLabels: number[] = [];
  const unsafePreds: number[] = [];
  const severityLabels: number[] = [];
  const severityPreds: number[] = [];
  const categoryLabels: number[] = [];
  const categoryPreds: number[] = [];
  const queryLabels: number[] = [];
  const queryPreds: number[] = [];
  const flagged: FlaggedRow[] = [];
  let responses = 0;
  let imageFailures = 0;
  let done = 0;
  let cancelled = false;
  for (let start = 0; start < indices.length; start += chunkSize) {
    if (hooks.signal.aborted) {
      cancelled = true;
      break;
    }
    const chunk = indices.slice(start, start + chunkSize).map((i) => all[i]);
    const { pixels: images, failures } = await imagesFor(chunk, sizes.imageSize, inputs.readImage);
    imageFailures += failures;
    const questions = new Int32Array(chunk.length * q);
    chunk.forEach((r, i) => questions.set(vocab.encode(r.question, q), i * q));
    // One row for the question alone, then one per response.
    const rowRecord: number[] = [];
    const rowResponse: (number | null)[] = [];
    const texts: (string | null)[] = [];
    chunk.forEach((r, i) => {
      rowRecord.push(i);
      rowResponse.push(null);
      texts.push(null);
      r.responses.forEach((resp, k) => {
        rowRecord.push(i);
        rowResponse.push(k);
        texts.push(resp.text);
      });
    });
    const verdicts = await predictRows(
      ctx,
      repeatRows(images, sizes.imageSize * sizes.imageSize * 3, rowRecord),
      repeatRows(questions, q, rowRecord),
      texts,
    );
    verdicts.forEach((v, row) => {
      const record = chunk[rowRecord[row]];
      const k = rowResponse[row];
      const isFlag = isFlagged(v, threshold);
      const top = v.topCategories[0] ?? { category: '', prob: 0 };
      if (k === null) {
        queryLabels.push(queryUnsafeLabel(record) ? 1 : 0);
        queryPreds.push(isFlag ? 1 : 0);
        return;
      }
      responses++;
      const response = record.responses[k];
      unsafeLabels.push(response.isSafe ? 0 : 1);
      unsafePreds.push(isFlag ? 1 : 0);
      severityLabels.push(responseSeverityLabel(record, k));
      severityPreds.push(SEVERITY_LEVELS.indexOf(v.severity));
      categoryLabels.push((HARM_CATEGORIES as readonly string[]).indexOf(record.category));
      categoryPreds.push((HARM_CATEGORIES as readonly string[]).indexOf(top.category));
      if (isFlag) {
        flagged.push({
          recordId: record.id,
          split: record.split,
          category: record.category,
          imageSeverity: record.imageSeverity,
          responseIndex: k,
          question: record.question,
          response: response.text,
          labelSafe: response.isSafe,
          unsafeProb: v.unsafeProb,
          severity: v.severity,
          topCategory: top.category,
          topCategoryProb: top.prob,
        });
      }
    });
    done += chunk.length;
    hooks.onReport({
      kind: 'progress',
      message: `Moderated ${done} of ${indices.length} rows`,
      progress: done / indices.length,
    });
    await hooks.betweenChunks?.();
  }
  const binary = ['safe', 'unsafe'];
  const result: BatchModerationResult = {
    split,
    threshold,
    records: done,
    responses,
    cancelled,
    unsafe: classificationReport(unsafeLabels, unsafePreds, binary),
    severity: classificationReport(severityLabels, severityPreds, SEVERITY_LEVELS),
    category: classificationReport(categoryLabels, categoryPreds, HARM_CATEGORIES),
    query: classificationReport(queryLabels, queryPreds, binary),
    flagged,
    imageFailures,
    ms: performance.now() - inputs.started,
  };
  hooks.onReport({
    kind: cancelled ? 'stopped' : 'done',
    message: cancelled ? `Cancelled after ${done} of ${indices.length} rows` : `Moderated ${done} rows`,
    progress: done / indices.length,
  });
  return result;
}
