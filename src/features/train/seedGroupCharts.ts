import { useMemo } from 'react';
import type { ChartSeries } from '../../charts/chartData';
import { maxColumn, memberColumn, minColumn, seedsInSeries } from '../../util/groupRows';

/** What a group chart's band shows (written under the chart and in the band's tooltip). */
export const bandLabel = (seeds: number): string => `band: min–max over ${seeds} seeds`;

/** A series of a seed group: the mean line with its min–max band and the members' own columns. */
export function groupSeries(series: readonly ChartSeries[], seeds: readonly number[]): ChartSeries[] {
  return series.map((s) => ({
    ...s,
    label: `${s.label} (mean)`,
    band: { low: minColumn(s.column), high: maxColumn(s.column) },
    members: seeds.map((seed) => ({ column: memberColumn(s.column, seed), label: `seed ${seed}` })),
  }));
}

/**
 * The seeds in a table's columns and a function giving each chart its series: unchanged for a single run, with bands
 * and members for a group. The result for a given series array is stable while the seeds are, so charts memoise.
 */
export function useSeedGroup(table: { columns: readonly string[] } | undefined): {
  seeds: number[];
  bandLabel: string | undefined;
  series: (series: ChartSeries[]) => ChartSeries[];
} {
  const key = table ? seedsInSeries(table).join(',') : '';
  return useMemo(() => {
    const seeds = key ? key.split(',').map(Number) : [];
    const cache = new Map<ChartSeries[], ChartSeries[]>();
    return {
      seeds,
      bandLabel: seeds.length > 1 ? bandLabel(seeds.length) : undefined,
      series: (series) => {
        if (seeds.length < 2) return series;
        let grouped = cache.get(series);
        if (!grouped) cache.set(series, (grouped = groupSeries(series, seeds)));
        return grouped;
      },
    };
  }, [key]);
}
