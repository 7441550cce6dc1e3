/**
 * Chromium pretraining bench (docs/real-data.md, "Scale"): serves the built app (`npm run build` first), loads a train
 * and an evaluation Parquet file through the Data area, and runs Models → "Build a pack from the loaded data" with
 * one epoch per model, as `npm run pretrain -- --epochs 1` does in Node. Prints, from /proc, the CPU seconds of the
 * whole Chromium process tree (browser, renderer, GPU and utility processes) spent on the build and on the load, and
 * the peak resident memory of the largest process (the renderer that hosts the trainer worker), plus the wall time.
 *
 *   npx tsx scripts/bench/realShapedParquet.ts --out /tmp/real
 *   npm run build && npx tsx scripts/bench/pretrainBrowser.ts --train /tmp/real/train.parquet \
 *     --evaluation /tmp/real/evaluation.parquet [--port 4399] [--json]
 *
 * Linux only (reads /proc). Wall time depends on what else the machine runs; CPU seconds much less so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { cliOption } from '../cliOption';

const CLOCK_TICKS = 100; // USER_HZ on Linux

interface ProcessSample {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssKb: number;
}

function readProcesses(): ProcessSample[] {
  const samples: ProcessSample[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      samples.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        cpuTicks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
        rssKb: rss ? Number(rss[1]) : 0,
      });
    } catch {
      // The process ended while we read it.
    }
  }
  return samples;
}

/** The processes below `root` (inclusive). */
function tree(root: number, all: ProcessSample[]): ProcessSample[] {
  const children = new Map<number, ProcessSample[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcessSample[] = [];
  const walk = (pid: number) => {
    const self = all.find((p) => p.pid === pid);
    if (self) out.push(self);
    for (const child of children.get(pid) ?? []) walk(child.pid);
  };
  walk(root);
  return out;
}

/** CPU seconds of every process below the Node process that are Chromium's (the test runner itself excluded). */
function chromiumCpuSeconds(): { cpu: number; maxRssMb: number } {
  const all = readProcesses();
  const mine = tree(process.pid, all).filter((p) => p.pid !== process.pid);
  return {
    cpu: mine.reduce((sum, p) => sum + p.cpuTicks, 0) / CLOCK_TICKS,
    maxRssMb: Math.max(0, ...mine.map((p) => p.rssKb)) / 1024,
  };
}

async function main(): Promise<void> {
  const train = cliOption('train', '');
  const evaluation = cliOption('evaluation', '');
  if (!train || !evaluation) throw new Error('--train FILE and --evaluation FILE are required');
  const port = Number(cliOption('port', '4399'));
  const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  let peakRssMb = 0;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, chromiumCpuSeconds().maxRssMb)), 1000);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(4 * 3600_000);
    // One epoch per model, as `npm run pretrain -- --epochs 1`: sep = score-model epochs, sfte = SFT epochs.
    await page.goto(`http://127.0.0.1:${port}/#v=4&sep=1&sfte=1&tab=data`);
    await page.getByTestId('dataset-row-count').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="dataset-row-count"]')?.textContent) > 0);
    const remove = page.getByRole('button', { name: /^Remove / });
    while ((await remove.count()) > 0) {
      const before = await remove.count();
      await remove.first().click();
      for (let waited = 0; (await remove.count()) === before && waited < 30_000; waited += 250) await page.waitForTimeout(250);
    }
    const loadStart = { ...chromiumCpuSeconds(), wall: performance.now() };
    await page.getByTestId('dataset-file-input').setInputFiles([train, evaluation]);
    for (const file of [train, evaluation]) {
      const name = file.split('/').pop()!;
      await page.waitForFunction((n) => document.querySelector('[data-testid="dataset-sources"]')?.textContent?.includes(n), name);
    }
    const loadEnd = { ...chromiumCpuSeconds(), wall: performance.now() };
    await page.getByTestId('nav-models').click();
    const buildStart = { ...chromiumCpuSeconds(), wall: performance.now() };
    await page.getByTestId('build-pack').click();
    await page.getByTestId('pack-summary').filter({ hasText: 'tokenizer' }).waitFor();
    const buildEnd = { ...chromiumCpuSeconds(), wall: performance.now() };
    const summary = (await page.getByTestId('pack-summary').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
    const result = {
      loadCpuSeconds: +(loadEnd.cpu - loadStart.cpu).toFixed(1),
      loadWallSeconds: +((loadEnd.wall - loadStart.wall) / 1000).toFixed(1),
      buildCpuSeconds: +(buildEnd.cpu - buildStart.cpu).toFixed(1),
      buildWallSeconds: +((buildEnd.wall - buildStart.wall) / 1000).toFixed(1),
      peakRssMb: Math.round(peakRssMb),
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      summary,
    };
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else {
      console.log(`load (read, decode, index): ${result.loadCpuSeconds} CPU s, ${result.loadWallSeconds} s wall`);
      console.log(`build pack (tokenizer + four models, one epoch): ${result.buildCpuSeconds} CPU s, ${result.buildWallSeconds} s wall`);
      console.log(`peak resident memory of the largest Chromium process: ${result.peakRssMb} MB; load average ${result.loadAverage}`);
      console.log(`pack: ${summary}`);
    }
  } finally {
    clearInterval(sampler);
    await browser.close();
    server.httpServer.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
