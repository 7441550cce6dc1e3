// A budget for all the images one training set-up decodes, on top of the per-image cap (MAX_IMAGE_PIXELS): 24
// images of 6000×6000 in an 8.5 KB file once made set-up 14× slower and +1.3 GB. Large images (over
// LARGE_IMAGE_PIXELS, by their header) share a pixel budget and decode one at a time; past the budget they are
// skipped (the record is left out of training, like a record whose image does not decode), and a notice names how many, the first one and the budget.
// Deterministic: what is skipped depends on the data and the order only, never on the machine's speed. Time is
// bounded separately: a set-up whose decoding runs past maxSeconds ends with an error saying so.
import { readImageHeader } from './image';

export interface ImageBudgetLimits {
  /** An image with more pixels than this (by its header) is large. Real BeaverTails-V photos are ≤ ~10 MP. */
  largeImagePixels: number;
  /** Pixels all large images of one set-up may add up to. */
  maxLargePixels: number;
  /** Longest the decoding of one set-up may take. */
  maxSeconds: number;
}

export const DEFAULT_IMAGE_BUDGET: ImageBudgetLimits = {
  largeImagePixels: 16_000_000,
  maxLargePixels: 160_000_000,
  maxSeconds: 900,
};

export class ImageBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageBudgetError';
  }
}

const mp = (pixels: number) => (pixels < 100_000 ? `${pixels.toLocaleString('en-US')} px` : `${(pixels / 1e6).toFixed(1)} MP`);

export class ImageBudget {
  private largePixels = 0;
  private skipped = 0;
  private first: { where: string; width: number; height: number } | null = null;
  private readonly started: number;
  /** Large decodes run one after another: each holds width × height × 4 bytes while it decodes. */
  private largeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly limits: ImageBudgetLimits = DEFAULT_IMAGE_BUDGET,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /**
   * Decodes `bytes` with `task` within the budget: small images at once, large ones one at a time while the large
   * budget lasts. Returns null for an image the budget skips (counted for the notice); the caller leaves that
   * record out of training. Throws ImageBudgetError
   * once the set-up has run past its time.
   */
  async decode<T>(bytes: Uint8Array, where: string, task: () => Promise<T>): Promise<T | null> {
    this.checkTime();
    let pixels = 0;
    let header: { width: number; height: number } | null = null;
    try {
      header = readImageHeader(bytes);
      pixels = header.width * header.height;
    } catch {
      return task(); // unreadable headers fail in the decoder, with its message
    }
    if (pixels <= this.limits.largeImagePixels) return task();
    if (this.largePixels + pixels > this.limits.maxLargePixels) {
      this.skipped++;
      this.first ??= { where, width: header.width, height: header.height };
      return null;
    }
    this.largePixels += pixels;
    const run = this.largeQueue.then(task, task);
    this.largeQueue = run.catch(() => undefined);
    return run;
  }

  checkTime(): void {
    const seconds = (this.now() - this.started) / 1000;
    if (seconds > this.limits.maxSeconds) {
      throw new ImageBudgetError(`Decoding the images took over ${this.limits.maxSeconds} s (the image time budget); use fewer or smaller images, or raise the budget (docs/limits.md)`);
    }
  }

  /** What the budget skipped, or null. */
  notice(): string | null {
    if (this.skipped === 0 || !this.first) return null;
    const { where, width, height } = this.first;
    return `Image budget: ${this.skipped} large image${this.skipped === 1 ? ' was' : 's were'} skipped (those rows are left out of training) after ${mp(this.largePixels)} of images over ${mp(this.limits.largeImagePixels)} each (the budget is ${mp(this.limits.maxLargePixels)} per set-up). First skipped: ${where}, ${width}×${height} (${mp(width * height)}).`;
  }
}
