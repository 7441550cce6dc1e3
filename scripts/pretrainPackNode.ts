/**
 * `npm run pretrain -- --data … --out DIR`: loads real files, learns the tokenizer, trains the four models
 * (src/train/pretrainPack.ts, the code the app's worker runs) and writes the pack to DIR and DIR.zip, printing
 * progress, the held-out figures, CPU seconds and peak memory.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ExperimentConfig } from '../src/config/params';
import { dataFingerprint, packZip } from '../src/models/modelPack';
import { writeFilesToDir } from '../src/models/weightsNode';
import { pretrainPack } from '../src/train/pretrainPack';
import { pretrainRealData, type TokenizerChoice } from './experiment/pretrainData';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

export async function writePack(options: {
  config: ExperimentConfig;
  sources: string[];
  split: 'train' | 'evaluation';
  out: string;
  backend: string;
  tokenizer: TokenizerChoice;
}): Promise<void> {
  const { config, out } = options;
  const cpuStart = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const wallStart = performance.now();
  try {
    const loadStart = process.cpuUsage();
    const { vocab, encoded, records } = await pretrainRealData(config, options.sources, options.split, (line) => console.log(line), options.tokenizer);
    const loadCpu = process.cpuUsage(loadStart);
    console.log(`loaded and encoded ${encoded.count} records in ${((loadCpu.user + loadCpu.system) / 1e6).toFixed(1)} s CPU; tokenizer ${vocab.kind}, ${vocab.size} ids`);
    let lastPrint = 0;
    const trainStart = process.cpuUsage();
    const result = await pretrainPack({
      config,
      tokenizer: vocab,
      encoded,
      data: { fingerprint: dataFingerprint(records), files: options.sources.map((s) => basename(s)), trainedOn: options.split },
      onProgress: (p) => {
        if (performance.now() - lastPrint < 5000) return;
        lastPrint = performance.now();
        console.log(`${(p.fraction * 100).toFixed(0)}%  ${p.line}  (ETA ${p.etaSeconds === null ? '—' : `${Math.round(p.etaSeconds)} s`})`);
      },
    });
    const trainCpu = process.cpuUsage(trainStart);
    const h = result.manifest.heldOut;
    console.log(`reward: pairwise ${pct(h.reward?.pairwiseAccuracy)} on ${h.reward?.pairs ?? 0} held-out pairs`);
    console.log(`cost: pairwise ${pct(h.cost?.pairwiseAccuracy)}, sign ${pct(h.cost?.signAccuracy)} on ${h.cost?.pairs ?? 0} held-out pairs`);
    console.log(`guard: accuracy ${pct(h.guard?.accuracy)}, unsafe precision ${pct(h.guard?.precision)}, recall ${pct(h.guard?.recall)} on ${h.guard?.examples ?? 0} held-out examples`);
    const sft = result.manifest.sft;
    console.log(`SFT policy: loss ${sft?.loss.toFixed(3) ?? '—'}, token accuracy ${pct(sft?.tokenAccuracy)} (last training batch)`);
    await writeFilesToDir(out, result.files);
    await writeFile(`${out}.zip`, packZip(result.files));
    const cpu = process.cpuUsage(cpuStart);
    console.log(
      `training ${((trainCpu.user + trainCpu.system) / 1e6).toFixed(1)} s CPU (${Object.entries(result.manifest.seconds ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')} wall); ` +
        `total ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall on ${options.backend}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    );
    console.log(`wrote the model pack ${out}/ (${Object.keys(result.files).join(', ')}) and ${out}.zip`);
  } finally {
    clearInterval(sampler);
  }
}
