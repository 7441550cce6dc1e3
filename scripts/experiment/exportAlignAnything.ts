// --export-align-anything DIR: the Runs area's align-anything export, written as files (scripts executable).
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../src/config/params';
import { alignAnythingExport } from '../../src/runs/alignAnything/exportFiles';
import type { ExportOptions } from '../../src/runs/alignAnything/mapping';
import { checkOutDir } from './validate';

export async function writeAlignAnythingExport(dir: string, config: ExperimentConfig, options: ExportOptions): Promise<string[]> {
  const files = alignAnythingExport(config, options);
  await checkOutDir(dir, [''], files.map((f) => f.name));
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFile(path, file.text);
    if (file.executable) await chmod(path, 0o755);
  }
  return files.map((f) => join(dir, f.name));
}
