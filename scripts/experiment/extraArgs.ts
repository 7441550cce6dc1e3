// Runner flags for scale-out and real data, parsed apart from the core flags in args.ts:
// --export-align-anything DIR [--gpus N] [--toy-scale], --data FILE_OR_URL… [--split train|evaluation],
// --parallel N, --seeds K|s1,s2,….
import { availableParallelism } from 'node:os';
import { MAX_DOWNLOAD_LIMIT_MB } from '../../src/data/downloadLimits';
import { parseWholeNumber } from './numbers';
import { parseSeedsFlag, type SeedsFlag } from './seedGroups';

export interface ExtraArgs {
  exportAlignAnything?: string;
  gpus?: number;
  toyScale?: boolean;
  data?: string[];
  split?: 'train' | 'evaluation';
  /** Worker processes for a sweep or seed group; 0 = one per core. */
  parallel?: number;
  /** Most MB one http(s) --data download may bring. */
  downloadLimitMb?: number;
  /** A seed group: K seeds from the run's seed, or the listed seeds (scripts/experiment/seedGroups.ts). */
  seeds?: SeedsFlag;
}

export const EXTRA_USAGE = `    [--seeds K | --seeds 7,8,9,10]   a seed group: seed=S/ per seed, group.csv and summary.csv
    [--data FILE_OR_URL ... [--split train|evaluation] [--download-limit MB]] [--parallel [N]]
    [--export-align-anything DIR [--gpus N] [--toy-scale]]`;

/**
 * Parses one of the extra flags at argv[i]; returns the index of the last argument it used, or -1 when the flag
 * is not one of them. `--data` takes every following argument up to the next flag.
 */
export function parseExtraFlag(argv: readonly string[], i: number, args: ExtraArgs): number {
  const flag = argv[i];
  const value = argv[i + 1];
  const need = () => {
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value.`);
    return value;
  };
  switch (flag) {
    case '--export-align-anything':
      args.exportAlignAnything = need();
      return i + 1;
    case '--gpus':
      args.gpus = parseWholeNumber('--gpus', need(), 1, 1024);
      return i + 1;
    case '--seeds':
      args.seeds = parseSeedsFlag(need());
      return i + 1;
    case '--toy-scale':
      args.toyScale = true;
      return i;
    case '--parallel':
      // Without a number: one worker per core (0 here, resolved once the sweep size is known).
      if (value === undefined || value.startsWith('--')) {
        args.parallel = 0;
        return i;
      }
      args.parallel = parseWholeNumber('--parallel', value, 1, 256);
      return i + 1;
    case '--download-limit':
      args.downloadLimitMb = parseWholeNumber('--download-limit', need(), 1, MAX_DOWNLOAD_LIMIT_MB);
      return i + 1;
    case '--split': {
      const split = need();
      if (split !== 'train' && split !== 'evaluation') throw new Error(`--split must be train or evaluation, got "${split}"`);
      args.split = split;
      return i + 1;
    }
    case '--data': {
      need();
      let last = i;
      while (argv[last + 1] !== undefined && !argv[last + 1].startsWith('--')) args.data = [...(args.data ?? []), argv[++last]];
      return last;
    }
    default:
      return -1;
  }
}

/** Checks between the extra flags and the core ones, after all are parsed. */
export function checkExtraArgs(args: ExtraArgs & { sweep?: string }): void {
  if (args.split && !args.data) throw new Error('--split applies to --data files; give --data too.');
  if (args.downloadLimitMb !== undefined && !args.data) throw new Error('--download-limit applies to http(s) --data files; give --data too.');
  if ((args.gpus !== undefined || args.toyScale) && !args.exportAlignAnything) throw new Error('--gpus and --toy-scale apply to --export-align-anything.');
  if (args.parallel !== undefined && !args.sweep && !args.seeds) throw new Error('--parallel runs the members of a --sweep or a seed group; give --sweep or --seeds too.');
}

export function defaultParallelism(runs: number): number {
  return Math.max(1, Math.min(runs, availableParallelism()));
}
