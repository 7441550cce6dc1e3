// The export as one zip (fflate): a folder of the files, shell scripts marked executable for unzip on Unix.
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { ExportFile } from './exportFiles';

export const EXPORT_FOLDER = 'align-anything-saferlhf-v';

export function exportZip(files: readonly ExportFile[], folder = EXPORT_FOLDER): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) {
    // attrs: Unix mode in the high 16 bits (os 3 = Unix), so unzip restores rwxr-xr-x / rw-r--r--.
    entries[`${folder}/${file.name}`] = [strToU8(file.text), { os: 3, attrs: (file.executable ? 0o100755 : 0o100644) << 16 }];
  }
  return zipSync(entries, { level: 6 });
}
