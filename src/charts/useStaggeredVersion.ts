import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * Chart redraws, spread over animation frames. Redrawing a dozen charts in one React commit would make one long
 * frame; instead each chart queues its redraw here, and every animation frame commits queued charts (flushSync)
 * until ~8 ms of the frame are spent (at least one), so paint and input get in between (issue 12: no frame over
 * 50 ms while training).
 */
const queue = new Map<object, () => void>();
let requested = false;
const FRAME_BUDGET_MS = 8;

function runFrame(): void {
  requested = false;
  const start = performance.now();
  try {
    do {
      const next = queue.entries().next();
      if (next.done) return;
      const [key, commit] = next.value;
      queue.delete(key);
      commit();
    } while (performance.now() - start < FRAME_BUDGET_MS);
  } finally {
    if (queue.size > 0) request();
  }
}

function request(): void {
  if (requested) return;
  requested = true;
  // Hidden tabs get no animation frames: fall back to a timer so charts still catch up.
  if (typeof document !== 'undefined' && document.visibilityState === 'hidden') setTimeout(runFrame, 100);
  else requestAnimationFrame(runFrame);
}

function schedule(key: object, commit: () => void): void {
  queue.set(key, commit);
  request();
}

/** Whether the element is on (or near) the screen; off-screen charts skip redraws until scrolled into view. */
function useNearViewport(ref: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setNear(entry.isIntersecting), { rootMargin: '100px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return near;
}

/** Charts scrolled out of view still redraw, but at most this often. */
const OFFSCREEN_INTERVAL_MS = 2000;

/**
 * The data version a chart should draw: follows `version`, but each change is committed in its own task (see
 * above); charts away from the viewport catch up at most every 2 s (and at once when scrolled into view).
 */
export function useStaggeredVersion(version: number, ref: RefObject<Element | null>): number {
  const [shown, setShown] = useState(version);
  const latest = useRef(version);
  const key = useRef({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const near = useNearViewport(ref);
  latest.current = version;

  useEffect(() => {
    if (shown === version) return;
    const id = key.current;
    const commit = () => flushSync(() => setShown(latest.current));
    if (near) schedule(id, commit);
    else if (!timer.current) {
      timer.current = setTimeout(() => {
        timer.current = null;
        schedule(id, commit);
      }, OFFSCREEN_INTERVAL_MS);
    }
  }, [version, shown, near]);

  useEffect(() => {
    const id = key.current;
    return () => {
      if (timer.current) clearTimeout(timer.current);
      queue.delete(id);
    };
  }, []);
  return shown;
}
