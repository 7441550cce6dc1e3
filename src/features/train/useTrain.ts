import { useEffect, useRef, useState } from 'react';
import type { MetricTable } from '../../metrics/metricTable';
import { useAppStore } from '../../state/store';

export const useTrain = () => useAppStore((s) => s.train);

export interface Speed {
  iterationsPerSecond: number | null;
  tokensPerSecond: number | null;
}

/**
 * Wall-clock speed from (time ms, completed iterations) samples over the last few seconds, and the engine's own
 * generated-tokens-per-second averaged over the last rows.
 */
export function speedFromSamples(samples: readonly [number, number][], tokensPerSecond: ArrayLike<number>): Speed {
  let iterationsPerSecond: number | null = null;
  if (samples.length >= 2) {
    const [t0, i0] = samples[0];
    const [t1, i1] = samples[samples.length - 1];
    if (t1 > t0 && i1 >= i0) iterationsPerSecond = ((i1 - i0) * 1000) / (t1 - t0);
  }
  let sum = 0;
  let count = 0;
  for (let k = Math.max(0, tokensPerSecond.length - 10); k < tokensPerSecond.length; k++) {
    if (Number.isFinite(tokensPerSecond[k])) {
      sum += tokensPerSecond[k];
      count++;
    }
  }
  return { iterationsPerSecond, tokensPerSecond: count ? sum / count : null };
}

const WINDOW_MS = 5000;

/** Speed readout while running; null while idle so an old rate is not shown as current. */
export function useSpeed(table: MetricTable | undefined, version: number, running: boolean): Speed {
  const samples = useRef<[number, number][]>([]);
  const [speed, setSpeed] = useState<Speed>({ iterationsPerSecond: null, tokensPerSecond: null });
  useEffect(() => {
    if (!running) {
      samples.current = [];
      setSpeed({ iterationsPerSecond: null, tokensPerSecond: null });
      return;
    }
    const now = performance.now();
    samples.current.push([now, table?.length ?? 0]);
    while (samples.current.length > 2 && now - samples.current[0][0] > WINDOW_MS) samples.current.shift();
    setSpeed(speedFromSamples(samples.current, table?.column('tokensPerSecond') ?? []));
  }, [table, version, running]);
  return speed;
}
