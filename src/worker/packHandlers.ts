// Model packs in the trainer worker: import a pack (a folder's files or a zip), build one from the loaded data
// (learn the tokenizer from the train split, train all four models with progress, ETA and cancel), and export
// the last built pack as a zip. An installed pack's tokenizer and models replace the current ones; PPO refuses
// to start on data other than the pack's (ppoHandlers asks activePackMismatch).
import type { ExperimentConfig } from '../config/params';
import { vocabularyTexts } from '../data/encode';
import { SubwordTokenizer } from '../data/subwordTokenizer';
import {
  dataFingerprint, PACK_FILE_LIMIT, packZip, readPack, zipPackFiles, type PackFiles, type PackManifest,
} from '../models/modelPack';
import { evaluatePack, pretrainPack, type HeldOut } from '../train/pretrainPack';
import { TrainingSignal } from '../train/scoreData';
import { errorText } from '../util/errorText';
import { emitStatus, yieldToEventLoop } from './context';
import { CancelledError, dataStore } from './dataStore';
import { activePackMismatch, getActivePack, getGuardModel, getScoreModel, getSizes, getVocabulary, installPack } from './modelStore';
import type { ExportedFile } from './modelHandlers';
import { setSftPolicy } from './ppoStore';

export interface PackStatus {
  manifest: PackManifest | null;
  /** Why the installed pack does not fit the loaded data (PPO will refuse), or null. */
  mismatch: string | null;
  /** A built pack is ready to download. */
  downloadable: boolean;
  building: boolean;
}

let building: TrainingSignal | null = null;
let built: { manifest: PackManifest; files: Record<string, Uint8Array> } | null = null;

function packStatus(): PackStatus {
  const manifest = getActivePack();
  const records = dataStore.getRecords();
  return { manifest, mismatch: manifest && records.length ? activePackMismatch(records) : null, downloadable: built !== null, building: building !== null };
}

/** The chosen files as a pack reader: one .zip, or a folder's files (paths relative to the folder). */
async function filesReader(files: File[]): Promise<{ reader: PackFiles; source: string }> {
  for (const file of files)
    if (file.size > PACK_FILE_LIMIT) throw new Error(`${file.name}: ${file.size} bytes, over the ${PACK_FILE_LIMIT} byte limit for a model pack file`);
  if (files.length === 1 && /\.zip$/i.test(files[0].name)) {
    const zip = files[0];
    return { reader: zipPackFiles(new Uint8Array(await zip.arrayBuffer()), zip.name), source: zip.name };
  }
  // A folder pick gives webkitRelativePath "folder/reward/model.json"; loose files give bare names.
  const byPath = new Map<string, File>();
  for (const file of files) {
    const relative = (file.webkitRelativePath || file.name).split('/');
    byPath.set((relative.length > 1 ? relative.slice(1) : relative).join('/'), file);
  }
  const top = files[0]?.webkitRelativePath.split('/')[0] || 'the chosen files';
  return {
    reader: async (path) => {
      const file = byPath.get(path);
      return file ? new Uint8Array(await file.arrayBuffer()) : undefined;
    },
    source: top,
  };
}

export const packHandlers = {
  async packStatus(): Promise<PackStatus> {
    return packStatus();
  },

  /** Reads, checks and installs a pack; nothing changes when any file is wrong. */
  async importPack(files: File[]): Promise<PackStatus> {
    if (building) throw new Error('A model pack is being built; cancel it first');
    if (files.length === 0) throw new Error('Choose a model pack folder or .zip');
    const { reader, source } = await filesReader(files);
    const pack = await readPack(reader, source);
    const { policy } = installPack(pack, source);
    setSftPolicy(policy, 'imported');
    const status = packStatus();
    emitStatus({
      job: 'pack',
      kind: status.mismatch ? 'warning' : 'done',
      message: status.mismatch ?? `Imported the model pack ${source}: ${pack.manifest.tokenizer.kind} tokenizer (${pack.manifest.tokenizer.size} ids), reward, cost, guard and SFT policy`,
    });
    return status;
  },

  /**
   * From the loaded data: learns a subword tokenizer from the train split, encodes, trains the four models
   * (src/train/pretrainPack.ts, as `npm run pretrain` does), installs the pack and keeps it for download.
   */
  async buildPack(config: ExperimentConfig, vocabSize = 2000): Promise<PackStatus> {
    if (building) throw new Error('A model pack is already being built');
    const records = dataStore.getRecords();
    if (!records.some((r) => r.split === 'train')) throw new Error('Load real data with a train split first (the tokenizer and the models learn from it)');
    const signal = new TrainingSignal();
    building = signal;
    try {
      emitStatus({ job: 'pack', kind: 'started', message: 'Learning the tokenizer from the train split…', progress: 0 });
      await yieldToEventLoop();
      const tokenizer = SubwordTokenizer.build(vocabularyTexts(records.filter((r) => r.split === 'train')), { size: vocabSize });
      const sizes = { imageSize: config.imageSize, maxQuestionTokens: config.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens };
      let encoded;
      try {
        encoded = await dataStore.encodeWithVocab(tokenizer, sizes, {
          job: 'pack',
          signal: signal.abortSignal,
          onProgress: (fraction, message) => emitStatus({ job: 'pack', kind: 'progress', progress: fraction * 0.05, message }),
        });
      } catch (error) {
        if (error instanceof CancelledError) {
          emitStatus({ job: 'pack', kind: 'stopped', message: 'Cancelled while decoding the images; nothing was changed' });
          return packStatus();
        }
        throw error;
      }
      let lastEmit = 0;
      const result = await pretrainPack({
        config,
        tokenizer,
        encoded,
        data: { fingerprint: dataFingerprint(records), files: dataStore.sourceSummaries().map((s) => s.name), trainedOn: 'train' },
        signal,
        yieldEvery: yieldToEventLoop,
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastEmit < 250) return;
          lastEmit = now;
          const eta = p.etaSeconds === null ? '' : `, about ${Math.max(1, Math.round(p.etaSeconds))} s left`;
          emitStatus({ job: 'pack', kind: 'progress', progress: 0.05 + 0.95 * p.fraction, message: `${p.line}${eta}`, detail: { etaSeconds: p.etaSeconds } });
        },
      });
      if (result.stopped) {
        emitStatus({ job: 'pack', kind: 'stopped', message: 'Cancelled; no pack was made and the current models are kept' });
        return packStatus();
      }
      built = { manifest: result.manifest, files: result.files };
      const pack = await readPack(async (path) => result.files[path], 'the built pack');
      const { policy } = installPack(pack, 'the built pack');
      setSftPolicy(policy, 'imported');
      emitStatus({ job: 'pack', kind: 'done', message: `Built the model pack (${tokenizer.size}-id tokenizer, four models); it is installed and ready to download` });
      return packStatus();
    } catch (error) {
      emitStatus({ job: 'pack', kind: 'error', message: `Building the model pack failed: ${errorText(error)}` });
      throw error;
    } finally {
      building = null;
    }
  },

  /**
   * The installed pack's reward, cost and guard figures measured now on the loaded data's held-out (evaluation)
   * split, with the code the runner uses (evaluatePack), so both give the same figures for the same pack and data.
   */
  async evaluateInstalledPack(config: ExperimentConfig): Promise<HeldOut> {
    const manifest = getActivePack();
    if (!manifest) throw new Error('No model pack is installed');
    const reward = getScoreModel('reward');
    const cost = getScoreModel('cost');
    const guard = getGuardModel();
    if (!reward || !cost || !guard) throw new Error('The pack\'s reward, cost and guard models are not all installed');
    const sizes = getSizes();
    const encoded = await dataStore.encodeWithVocab(getVocabulary(), { imageSize: sizes.imageSize, maxQuestionTokens: sizes.maxQuestionTokens, maxResponseTokens: sizes.maxResponseTokens }, { job: 'pack' });
    return evaluatePack({ reward, cost, guard }, encoded, config);
  },

  cancelPackBuild(): void {
    building?.stop();
  },

  /** The last built pack as one zip. */
  async exportPack(): Promise<ExportedFile> {
    if (!built) throw new Error('No model pack was built in this session');
    const stamp = built.manifest.created.replace(/[:.]/g, '-');
    const zip = packZip(built.files);
    return { name: `srlhfv-model-pack-${stamp}.zip`, blob: new Blob([zip as BlobPart], { type: 'application/zip' }) };
  },
};

export type PackApi = typeof packHandlers;
