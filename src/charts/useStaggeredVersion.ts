import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * Chart redraws, one per macrotask. A recharts chart takes ~10–20 ms to re-render; redrawing a dozen in one React
 * commit would block the main thread for well over 50 ms. Each chart instead queues its redraw here, and the queue
 * commits one chart per task (flushSync), so input and paint get in between.
 */
const queue = new Map<object, () => void>();
let channel: MessageChannel | null = null;
let posted = false;

function runNext(): void {
  posted = false;
  const next = queue.entries().next();
  if (next.done) return;
  const [key, commit] = next.value;
  queue.delete(key);
  try {
    commit();
  } finally {
    if (queue.size > 0) post();
  }
}

function post(): void {
  if (posted) return;
  posted = true;
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = runNext;
  }
  channel.port2.postMessage(null);
}

function schedule(key: object, commit: () => void): void {
  queue.set(key, commit);
  post();
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
