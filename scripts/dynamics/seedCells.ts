// The dynamics report over seeds (issue 20): each rule × limit cell is a group of runs that differ only in the seed;
// the table gives mean ± sd of every figure over the cell's seeds, and the comparisons say, by Welch's t
// (src/util/seedStats.ts), which differences between cells are larger than the seed spread. Pure.
import { spread, welchInterval, type Spread } from '../../src/util/seedStats';
import type { DynamicsRow } from './report';

/** The figures compared across cells (each a DynamicsRow field) and how the table writes them. */
export const CELL_FIGURES = [
  { key: 'gap50', label: 'J_C − limit (last 50)', digits: 2, unit: '' },
  { key: 'rolloutRewardVsSft', label: 'rollout reward − SFT (last 50)', digits: 2, unit: '' },
  { key: 'rewardVsSft', label: 'held-out reward − SFT', digits: 2, unit: '' },
  { key: 'safeRateCostVsSft', label: 'held-out safe rate by cost − SFT', digits: 1, unit: ' pt' },
  { key: 'safeRateGuardVsSft', label: 'held-out safe rate by guard − SFT', digits: 1, unit: ' pt' },
  { key: 'finalLambda', label: 'λ (last 10)', digits: 3, unit: '' },
  { key: 'maxOvershoot', label: 'largest overshoot', digits: 2, unit: '' },
  { key: 'timeAboveLimit', label: 'time above limit', digits: 0, unit: '%' },
  { key: 'cumulativeViolation', label: 'cumulative violation', digits: 1, unit: '' },
] as const satisfies readonly { key: keyof DynamicsRow; label: string; digits: number; unit: FigureUnit }[];

/** '' plain; '%' a share written as a percentage; ' pt' a difference of shares in percentage points. */
export type FigureUnit = '' | '%' | ' pt';

export type CellFigure = (typeof CELL_FIGURES)[number]['key'];

export interface DynamicsCell {
  /** The cell's name: the run name without its seed (e.g. `pid_thr=-1.75`). */
  name: string;
  rule: string;
  threshold: number;
  iterations: number;
  seeds: number[];
  /** Spread over the cell's seeds of each figure. */
  figures: Record<CellFigure, Spread>;
  /** The per-seed values of each figure, in `seeds` order (for the Welch comparisons). */
  values: Record<CellFigure, number[]>;
}

export interface SeededRow {
  cell: string;
  seed: number;
  row: DynamicsRow;
}

/** Groups rows by cell (first-seen order) and summarises each figure over the seeds. */
export function dynamicsCells(rows: readonly SeededRow[]): DynamicsCell[] {
  const byCell = new Map<string, SeededRow[]>();
  for (const row of rows) byCell.set(row.cell, [...(byCell.get(row.cell) ?? []), row]);
  return [...byCell.entries()].map(([name, members]) => {
    const sorted = [...members].sort((a, b) => a.seed - b.seed);
    const values = Object.fromEntries(CELL_FIGURES.map(({ key }) => [key, sorted.map((m) => m.row[key])])) as Record<CellFigure, number[]>;
    const figures = Object.fromEntries(CELL_FIGURES.map(({ key }) => [key, spread(values[key])])) as Record<CellFigure, Spread>;
    return {
      name,
      rule: sorted[0].row.rule,
      threshold: sorted[0].row.threshold,
      iterations: Math.min(...sorted.map((m) => m.row.iterations)),
      seeds: sorted.map((m) => m.seed),
      figures,
      values,
    };
  });
}

/** `mean ± sd` in the figure's units ('—' when no seed gave a finite value; the mean alone for one seed). */
export function meanSd(stats: Spread, digits: number, unit: FigureUnit): string {
  if (stats.n === 0) return '—';
  const scale = unit === '' ? 1 : 100;
  const text = (x: number) => (x * scale).toFixed(digits).replace(/^-(?=0(\.0+)?$)/, '').replace('-', '−');
  return stats.n > 1 ? `${text(stats.mean)} ± ${text(stats.sd)}${unit}` : `${text(stats.mean)}${unit}`;
}

/** The table: one line per cell, mean ± sd over its seeds. */
export function cellTable(cells: readonly DynamicsCell[]): string {
  const header = ['cell', 'rule', 'limit', 'iterations', 'seeds', ...CELL_FIGURES.map((f) => f.label)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const cell of cells) {
    lines.push(
      `| ${[
        cell.name, cell.rule, cell.threshold.toFixed(2).replace('-', '−'), String(cell.iterations), cell.seeds.join(', '),
        ...CELL_FIGURES.map((f) => meanSd(cell.figures[f.key], f.digits, f.unit)),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

export interface CellComparison {
  a: string;
  b: string;
  figure: CellFigure;
  /** mean(b) − mean(a) with its Welch 95% interval and the verdict (null with fewer than 2 seeds on a side). */
  difference: number;
  low: number;
  high: number;
  verdict: string | null;
}

/** Welch's comparison of cell b against cell a on each figure. */
export function compareCells(a: DynamicsCell, b: DynamicsCell): CellComparison[] {
  return CELL_FIGURES.map(({ key }) => {
    const interval = welchInterval(a.values[key], b.values[key]);
    return { a: a.name, b: b.name, figure: key, difference: interval.difference, low: interval.low, high: interval.high, verdict: interval.verdict };
  });
}

/**
 * The pairs the report compares: at each limit, every rule against the start-up rule; for each rule, each limit
 * against the next one up.
 */
export function comparisonPairs(cells: readonly DynamicsCell[], startUpRule: string): [DynamicsCell, DynamicsCell][] {
  const pairs: [DynamicsCell, DynamicsCell][] = [];
  // Only the rule × limit cells (named `<rule>_thr=<limit>`): a preset that happens to use a rule differs in more than its limit.
  const ruleCells = (rule: string) => cells.filter((c) => c.rule === rule && c.name.startsWith(`${rule}_thr=`)).sort((x, y) => x.threshold - y.threshold);
  for (const base of ruleCells(startUpRule)) {
    for (const other of cells) if (other.rule !== startUpRule && other.threshold === base.threshold && other !== base) pairs.push([base, other]);
  }
  for (const rule of new Set(cells.map((c) => c.rule))) {
    const sorted = ruleCells(rule);
    for (let i = 1; i < sorted.length; i++) pairs.push([sorted[i - 1], sorted[i]]);
  }
  return pairs;
}

/** One line per pair: each figure's difference b − a with its 95% interval, and which are larger than the seed spread. */
export function comparisonLines(pairs: readonly [DynamicsCell, DynamicsCell][]): string[] {
  return pairs.map(([a, b]) => {
    const comparisons = compareCells(a, b);
    const figure = (key: CellFigure) => CELL_FIGURES.find((f) => f.key === key)!;
    const larger = comparisons.filter((c) => c.verdict === 'larger than the seed spread');
    const body = larger.length
      ? larger
          .map((c) => {
            const f = figure(c.figure);
            const scale = f.unit === '' ? 1 : 100;
            const fmt = (x: number) => (x * scale).toFixed(f.digits).replace('-', '−') + (f.unit === '' ? '' : ' pt');
            return `${f.label} ${fmt(c.difference)} [${fmt(c.low)}, ${fmt(c.high)}]`;
          })
          .join('; ')
      : 'none';
    const undecided = comparisons.every((c) => c.verdict === null);
    return `- ${b.name} − ${a.name}: ${undecided ? 'fewer than 2 seeds on a side, no verdict' : `larger than the seed spread: ${body}; every other figure within the seed spread`}`;
  });
}
