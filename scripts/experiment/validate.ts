/**
 * Checks for the headless runner's inputs, all run before any compute (issue 15 item 7): numbers are decimal
 * integers inside the app's own ranges (the config schema), a link is rejected on any problem the app would only
 * warn about, a sweep must name at least one setting, and the output folder must be a writable directory on a
 * regular filesystem (not /proc, /sys or /dev, where writes can block or vanish) with no non-regular file where
 * a result file goes.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, stat, statfs, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PARAMS, type ExperimentConfig, type ParamKey } from '../../src/config/params';
import { decodeLink } from '../../src/state/link';
import { parseSweep, type SweepAxis } from './args';

/** A shared link's config; any problem the app would show as a notice is an error here. */
export function configFromLink(link: string): ExperimentConfig {
  const decoded = decodeLink(link);
  if (decoded.warnings.length > 0) throw new Error(`--link is not valid: ${decoded.warnings.join(' ')}`);
  return decoded.config;
}

/** --sweep: at least one axis (';;;' or '' name nothing and would silently run the base config). */
export function sweepAxes(spec: string): SweepAxis[] {
  checkSweepNumbers(spec);
  const axes = parseSweep(spec);
  if (axes.length === 0) throw new Error(`--sweep "${spec}" names no setting; write it like 'threshold=-0.5,0;lambdaLr=0.05,0.1'`);
  const seen = new Set<ParamKey>();
  for (const axis of axes) {
    if (seen.has(axis.key)) throw new Error(`--sweep names "${axis.key}" twice`);
    seen.add(axis.key);
  }
  return axes;
}

/** Filesystems where results must never go (statfs magic numbers): procfs, sysfs, devtmpfs/tmpfs-backed /dev, debugfs, cgroup. */
const SPECIAL_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);

async function nearestExisting(path: string): Promise<string> {
  let current = resolve(path);
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Makes sure `out` can take the results before anything is computed: every folder in `dirs` (relative to `out`;
 * '' is `out` itself) is or becomes a directory on a regular filesystem, each file in `files` (relative to `out`)
 * is absent or a regular file, and a probe file can be written and removed.
 */
export async function checkOutDir(out: string, dirs: readonly string[] = [''], files: readonly string[] = []): Promise<void> {
  const root = resolve(out);
  const systemFolder = (path: string) => /^\/(proc|sys|dev)(\/|$)/.test(path);
  if (systemFolder(root)) throw new Error(`--out ${out}: ${root} is a system folder, not a place for results`);
  const existing = await nearestExisting(root);
  let where: string;
  try {
    where = await realpath(existing);
  } catch (error) {
    throw new Error(`--out ${out}: ${existing} does not lead to a folder (${(error as Error).message})`);
  }
  if (systemFolder(where)) throw new Error(`--out ${out}: ${where} is a system folder, not a place for results`);
  const fsType = SPECIAL_FILESYSTEMS.get(Number((await statfs(where)).type));
  if (fsType) throw new Error(`--out ${out}: ${where} is on the ${fsType} filesystem, not a place for results`);
  for (const dir of dirs) {
    const path = join(root, dir);
    try {
      const info = await stat(path);
      if (!info.isDirectory()) throw new Error(`--out ${out}: ${path} exists and is not a directory`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      if (code !== 'ENOENT') throw new Error(`--out ${out}: cannot create ${path} (${(error as Error).message})`);
      try {
        await mkdir(path, { recursive: true });
      } catch (mkdirError) {
        throw new Error(`--out ${out}: cannot create ${path} (${(mkdirError as Error).message})`);
      }
    }
  }
  for (const file of files) {
    const path = join(root, file);
    try {
      const info = await lstat(path);
      if (!info.isFile()) throw new Error(`--out ${out}: ${path} exists and is not a regular file (results would be written into it)`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      if (code !== 'ENOENT') throw new Error(`--out ${out}: cannot write ${path} (${(error as Error).message})`);
    }
  }
  const probe = join(root, `.write-check-${process.pid}`);
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NONBLOCK);
    await handle.close();
    await unlink(probe);
  } catch (error) {
    throw new Error(`--out ${out}: the folder is not writable (${(error as Error).message})`);
  }
}

/** Numbers in a --sweep spec are decimal (no 0x10); whole-number settings take digits only. */
export function checkSweepNumbers(spec: string): void {
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim() as ParamKey;
    if (eq < 0 || !Object.hasOwn(PARAMS, key)) continue; // parseSweep reports these
    const kind: string = PARAMS[key].kind;
    const pattern = kind === 'int' ? /^-?[0-9]+$/ : kind === 'number' ? /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/ : null;
    if (!pattern) continue;
    for (const text of part.slice(eq + 1).split(',').map((t) => t.trim()).filter(Boolean)) {
      if (!pattern.test(text)) throw new Error(`--sweep: ${key}=${text} is not a ${kind === 'int' ? 'whole' : 'decimal'} number`);
    }
  }
}
