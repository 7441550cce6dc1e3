// The models area of the trainer worker API: train the reward, cost and guard models live, load the shipped
// weights, save/load IndexedDB, export/import files, and score one record with every model.
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/params';
import { preprocessImage } from '../data/image';
import { UNK } from '../data/tokenizer';
import { GuardModel } from '../models/guardModel';
import { endScores, maskFromLengths, ScoreModel } from '../models/scoreModel';
import { sizesFromConfig, type ModelSizes } from '../models/sizes';
import type { GuardVerdict, ModelKind, ModelMetrics, ModelsStatus, RecordScores, ScoreKind } from '../models/types';
import {
  encodeArtifacts,
  loadWeights,
  loadWeightsFromFiles,
  makeMetadata,
  saveWeights,
  type WeightsMetadata,
} from '../models/weightsIO';
import { errorText } from '../util/errorText';
import { GUARD_EVAL_COLUMNS, GUARD_STEP_COLUMNS, trainGuard } from '../train/guardTraining';
import { TrainingSignal } from '../train/scoreData';
import { SCORE_EVAL_COLUMNS, SCORE_STEP_COLUMNS, trainScoreModel } from '../train/scoreTraining';
import { emitMetrics, emitStatus, yieldToEventLoop } from './context';
import { dataHandlers } from './dataHandlers';
import { CancelledError, dataStore } from './dataStore';
import { MetricStream } from './metricStream';
import {
  ensurePretrained,
  getGuardModel,
  getScoreModel,
  getSizes,
  getVocabulary,
  modelFromLoaded,
  modelInfo,
  reloadPretrained,
  setModel,
} from './modelStore';

const KINDS = ['reward', 'cost', 'guard'] as const;
const LABEL: Record<ModelKind, string> = { reward: 'reward model', cost: 'cost model', guard: 'guard' };

let training: { kind: ModelKind; signal: TrainingSignal } | null = null;

/** A file the UI turns into a download (the worker has no document to click a link in). */
export interface ExportedFile {
  name: string;
  blob: Blob;
}

function status(): ModelsStatus {
  return {
    reward: modelInfo('reward'),
    cost: modelInfo('cost'),
    guard: modelInfo('guard'),
    vocabularySize: getVocabulary().size,
    training: training ? { kind: training.kind, paused: training.signal.paused } : null,
  };
}

/** The loaded data encoded with the shared vocabulary; loads the bundled sample first when nothing is loaded. */
async function encodedData(sizes: ModelSizes, job: ModelKind, signal: TrainingSignal) {
  if (dataStore.getRecords().length === 0) {
    emitStatus({ job, kind: 'info', message: 'No data loaded: loading the bundled sample' });
    const result = await dataHandlers.loadBundledSample();
    if (dataStore.getRecords().length === 0)
      throw new Error(`No data to train on (${result.errors.map((e) => e.message).join('; ') || 'the sample is empty'})`);
  }
  emitStatus({ job, kind: 'phase', message: 'Encoding images and text' });
  return dataStore.encodeWithVocab(getVocabulary(), sizes, {
    job,
    signal: signal.abortSignal,
    onProgress: (fraction, message) => emitStatus({ job, kind: 'progress', progress: fraction * 0.05, message }),
  });
}

function metadataFor(kind: ModelKind, config: ExperimentConfig | null, metrics: ModelMetrics | null): WeightsMetadata {
  const model = kind === 'guard' ? getGuardModel() : getScoreModel(kind);
  if (!model) throw new Error(`There is no ${LABEL[kind]} to save`);
  const { dataUrls: _ignored, ...rest } = config ?? ({ dataUrls: [] } as unknown as ExperimentConfig);
  return makeMetadata({
    kind,
    sizes: model.sizes,
    vocabulary: getVocabulary().toJSON(),
    config: config ? rest : undefined,
    metrics,
  });
}

function modelWeights(kind: ModelKind): tf.NamedTensorMap {
  const model = kind === 'guard' ? getGuardModel() : getScoreModel(kind);
  if (!model) throw new Error(`There is no ${LABEL[kind]}`);
  return model.getWeights();
}

async function runTraining(kind: ModelKind, config: ExperimentConfig, signal: TrainingSignal): Promise<void> {
  await ensurePretrained();
  const sizes = sizesFromConfig(config, getVocabulary().size);
  let encoded;
  try {
    encoded = await encodedData(sizes, kind, signal);
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    emitStatus({ job: kind, kind: 'stopped', message: `Stopped while decoding the images; the previous ${LABEL[kind]} is kept` });
    return;
  }
  warnUnknownWords(kind, encoded.responses, encoded.questions);
  const stepColumns = kind === 'guard' ? GUARD_STEP_COLUMNS : SCORE_STEP_COLUMNS;
  const evalColumns = kind === 'guard' ? GUARD_EVAL_COLUMNS : SCORE_EVAL_COLUMNS;
  const steps = new MetricStream(kind, stepColumns, emitMetrics);
  const evals = new MetricStream(`${kind}-eval`, evalColumns, emitMetrics);
  const trainPairs = Array.from(encoded.split).filter((s, i) => s === 0 && encoded.trainable[i] === 1).length;
  const perEpoch = kind === 'guard' ? Math.ceil((trainPairs * 3) / (config.scoreBatch * 2)) : Math.ceil(trainPairs / config.scoreBatch);
  const totalSteps = Math.max(1, perEpoch * config.scoreEpochs);
  const common = {
    encoded,
    config,
    signal,
    onPaused: () => emitStatus({ job: kind, kind: 'paused', message: `${LABEL[kind]} training paused` }),
    yieldEvery: yieldToEventLoop,
  };
  const progress = (step: number, epoch: number) => {
    if (step % 5 === 0)
      emitStatus({
        job: kind,
        kind: 'progress',
        progress: 0.05 + (0.95 * step) / totalSteps,
        message: `Epoch ${epoch + 1}/${config.scoreEpochs}, step ${step + 1}/${totalSteps}`,
      });
  };
  emitStatus({ job: kind, kind: 'started', message: `Training the ${LABEL[kind]} on ${trainPairs} pairs` });
  let result: { metrics: ModelMetrics | null; stopped: boolean; steps: number; rate: number };
  let model: ScoreModel | GuardModel;
  if (kind === 'guard') {
    const guard = GuardModel.create(sizes, config.seed);
    model = guard;
    const r = await trainGuard({
      ...common,
      model: guard,
      onStep: (row) => {
        steps.push({ ...row });
        progress(row.step, row.epoch);
      },
      onEval: (m, epoch, step) =>
        evals.push({
          step,
          epoch,
          loss: m.loss,
          accuracy: m.unsafeAccuracy,
          questionOnlyAccuracy: m.questionOnlyAccuracy,
          severityAccuracy: m.severity.accuracy,
          categoryAccuracy: m.category.accuracy,
        }),
    });
    result = { metrics: r.metrics, stopped: r.stopped, steps: r.steps, rate: r.examplesPerSecond };
  } else {
    const score = ScoreModel.create(sizes, kind === 'reward' ? config.seed : config.seed + 1);
    model = score;
    const r = await trainScoreModel({
      ...common,
      kind,
      model: score,
      onStep: (row) => {
        steps.push({ ...row });
        progress(row.step, row.epoch);
      },
      onEval: (m, epoch, step) =>
        evals.push({ step, epoch, loss: m.loss, accuracy: m.pairwiseAccuracy, signAccuracy: m.signAccuracy ?? NaN }),
    });
    result = { metrics: r.metrics, stopped: r.stopped, steps: r.steps, rate: r.pairsPerSecond };
  }
  steps.flush();
  evals.flush();
  if (result.steps === 0) {
    model.dispose();
    emitStatus({ job: kind, kind: 'stopped', message: `Stopped before the first step; the previous ${LABEL[kind]} is kept` });
    return;
  }
  setModel(kind, model, 'trained', result.metrics);
  const unit = kind === 'guard' ? 'examples/s' : 'pairs/s';
  emitStatus({
    job: kind,
    kind: result.stopped ? 'stopped' : 'done',
    message: `${result.stopped ? 'Stopped' : 'Trained'} the ${LABEL[kind]}: ${result.steps} steps, ${result.rate.toFixed(0)} ${unit}`,
    detail: { metrics: result.metrics },
  });
}

/** Words outside the shared vocabulary become UNK; say so when that is a large share (e.g. real data vs the shipped vocabulary). */
function warnUnknownWords(kind: ModelKind, ...arrays: Int32Array[]): void {
  let words = 0;
  let unknown = 0;
  for (const ids of arrays)
    for (const id of ids) {
      if (id >= UNK) words++;
      if (id === UNK) unknown++;
    }
  const share = words > 0 ? unknown / words : 0;
  if (share > 0.2)
    emitStatus({
      job: kind,
      kind: 'warning',
      message: `${(share * 100).toFixed(0)}% of the words are outside the shared vocabulary (${getVocabulary().size} tokens) and read as <unk>; the models see less of the text.`,
    });
}

/** One record's inputs, encoded like the training data. */
async function recordInputs(recordId: string, sizes: ModelSizes) {
  const record = dataStore.getRecord(recordId);
  if (!record) throw new Error(`No record "${recordId}" is loaded`);
  const vocab = getVocabulary();
  const s = sizes.imageSize;
  let pixels: Float32Array = new Float32Array(s * s * 3);
  try {
    const image = await dataStore.getImageBytes(recordId);
    const bytes = 'bytes' in image ? image.bytes : new Uint8Array(await (await fetch(image.url)).arrayBuffer());
    pixels = await preprocessImage(bytes, s);
  } catch {
    // No readable image: the models see a black image, as in training.
  }
  const n = record.responses.length;
  const t = sizes.maxResponseTokens;
  const tokens = new Int32Array(n * t);
  const lengths = new Int32Array(n);
  record.responses.forEach((response, k) => {
    const ids = vocab.encode(response.text, t, { eos: true });
    tokens.set(ids, k * t);
    lengths[k] = ids.indexOf(2) + 1;
  });
  const question = vocab.encode(record.question, sizes.maxQuestionTokens);
  const labels = record.responses.map((response, k) => ({
    isSafe: response.isSafe,
    moreHelpful: record.moreHelpful === undefined ? null : record.moreHelpful === k + 1,
    safer: record.safer === undefined ? null : record.safer === k + 1,
  }));
  return { n, pixels, question, tokens, lengths, labels };
}

export const modelHandlers = {
  /** Trains one model from scratch on the loaded data; resolves when it ends (done, stopped or failed). */
  async trainModel(kind: ModelKind, config: ExperimentConfig): Promise<ModelsStatus> {
    if (training) throw new Error(`The ${LABEL[training.kind]} is training; stop it first`);
    const signal = new TrainingSignal();
    training = { kind, signal };
    try {
      await runTraining(kind, config, signal);
    } catch (error) {
      emitStatus({ job: kind, kind: 'error', message: `Training the ${LABEL[kind]} failed: ${errorText(error)}` });
    } finally {
      training = null;
    }
    return status();
  },

  pauseTraining(): void {
    training?.signal.pause();
  },

  resumeTraining(): void {
    if (training?.signal.paused) {
      training.signal.resume();
      emitStatus({ job: training.kind, kind: 'info', message: `${LABEL[training.kind]} training resumed` });
    }
  },

  stopTraining(): void {
    training?.signal.stop();
  },

  async modelsStatus(): Promise<ModelsStatus> {
    await ensurePretrained().catch(() => undefined);
    return status();
  },

  /** Replaces every model with the shipped one (a model whose file fails is kept). */
  async loadPretrained(): Promise<ModelsStatus> {
    const failures = await reloadPretrained();
    for (const failure of failures) emitStatus({ job: 'reward', kind: 'error', message: failure });
    if (failures.length === 0) emitStatus({ job: 'reward', kind: 'done', message: 'Loaded the pretrained reward, cost and guard models' });
    return status();
  },

  /** Saves every existing model to IndexedDB (indexeddb://srlhfv-<kind>). */
  async saveModels(to: 'indexeddb'): Promise<ModelsStatus> {
    if (to !== 'indexeddb') throw new Error(`Unknown destination "${String(to)}"`);
    let saved = 0;
    for (const kind of KINDS) {
      const info = modelInfo(kind);
      if (!info) continue;
      await saveWeights(`indexeddb://srlhfv-${kind}`, modelWeights(kind), { ...metadataFor(kind, null, info.metrics), created: info.created });
      saved++;
    }
    if (saved === 0) throw new Error('There are no models to save');
    emitStatus({ job: 'reward', kind: 'done', message: `Saved ${saved} model(s) in this browser` });
    return status();
  },

  /** Loads the models saved in IndexedDB; a missing or unfit one is reported and the current one kept. */
  async loadModels(from: 'indexeddb'): Promise<ModelsStatus> {
    if (from !== 'indexeddb') throw new Error(`Unknown source "${String(from)}"`);
    await ensurePretrained();
    const failures: string[] = [];
    let loadedCount = 0;
    for (const kind of KINDS) {
      const label = `saved ${LABEL[kind]}`;
      try {
        const loaded = await loadWeights(`indexeddb://srlhfv-${kind}`, label);
        const metrics = (loaded.metadata.metrics ?? null) as ModelMetrics | null;
        const created = loaded.metadata.created;
        setModel(kind, modelFromLoaded(kind, loaded, label), 'indexeddb', metrics, created);
        loadedCount++;
      } catch (error) {
        failures.push(errorText(error));
      }
    }
    if (loadedCount === 0) throw new Error(`Nothing was loaded from this browser: ${failures.join('; ')}`);
    for (const failure of failures) emitStatus({ job: 'reward', kind: 'warning', message: failure });
    emitStatus({ job: 'reward', kind: 'done', message: `Loaded ${loadedCount} model(s) saved in this browser` });
    return status();
  },

  /** The model as TF.js files (`srlhfv-<kind>.json` + `.weights.bin`), for the UI to download. */
  async exportModel(kind: ModelKind): Promise<ExportedFile[]> {
    const info = modelInfo(kind);
    if (!info) throw new Error(`There is no ${LABEL[kind]} to export`);
    const artifacts = await encodeArtifacts(modelWeights(kind), { ...metadataFor(kind, null, info.metrics), created: info.created });
    const name = `srlhfv-${kind}`;
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [`./${name}.weights.bin`], weights: artifacts.weightSpecs }],
    };
    return [
      { name: `${name}.json`, blob: new Blob([JSON.stringify(modelJson)], { type: 'application/json' }) },
      { name: `${name}.weights.bin`, blob: new Blob([artifacts.weightData as ArrayBuffer], { type: 'application/octet-stream' }) },
    ];
  },

  /** Imports a model from user files (.json + .bin); a bad file is reported and the current model kept. */
  async importModel(kind: ModelKind, files: File[]): Promise<ModelsStatus> {
    await ensurePretrained();
    const loaded = await loadWeightsFromFiles(files);
    const metrics = (loaded.metadata.metrics ?? null) as ModelMetrics | null;
    const created = loaded.metadata.created;
    const label = files.find((f) => f.name.endsWith('.json'))?.name ?? 'model file';
    setModel(kind, modelFromLoaded(kind, loaded, label), 'imported', metrics, created);
    emitStatus({ job: kind, kind: 'done', message: `Imported the ${LABEL[kind]} from ${label}` });
    return status();
  },

  /** Reward, cost (> 0 = unsafe) and guard verdict of each response of one loaded record. */
  async scoreRecord(recordId: string): Promise<RecordScores> {
    await ensurePretrained();
    const sizes = getSizes();
    const { n, pixels, question, tokens, lengths, labels } = await recordInputs(recordId, sizes);
    const s = sizes.imageSize;
    const images = tf.tidy(() => tf.tensor4d(pixels, [1, s, s, 3]).tile([n, 1, 1, 1]) as tf.Tensor4D);
    const questions = tf.tidy(() => tf.tensor2d(question, [1, sizes.maxQuestionTokens], 'int32').tile([n, 1]) as tf.Tensor2D);
    const tokenTensor = tf.tensor2d(tokens, [n, sizes.maxResponseTokens], 'int32');
    const lengthTensor = tf.tensor1d(lengths, 'int32');
    try {
      const scoreOf = async (kind: ScoreKind): Promise<number[]> => {
        const model = getScoreModel(kind);
        if (!model) return [];
        const ends = tf.tidy(() =>
          endScores(model.scores(images, questions, tokenTensor), maskFromLengths(lengthTensor, sizes.maxResponseTokens)),
        );
        const values = Array.from(await ends.data());
        ends.dispose();
        return values;
      };
      const guard = getGuardModel();
      const verdicts: GuardVerdict[] = guard ? await guard.predict(images, questions, tokenTensor, lengthTensor) : [];
      return { reward: await scoreOf('reward'), cost: await scoreOf('cost'), guard: verdicts, labels };
    } finally {
      tf.dispose([images, questions, tokenTensor, lengthTensor]);
    }
  },
};

export type ModelsApi = typeof modelHandlers;
