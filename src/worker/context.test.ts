import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldToEventLoop } from './context';

describe('yieldToEventLoop', () => {
  afterEach(() => vi.restoreAllMocks());

  it('yields through a message, not a timer (browsers clamp nested timers to ≥ 4 ms; the run loop yields after each phase)', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    for (let i = 0; i < 20; i++) await yieldToEventLoop();
    expect(timers).not.toHaveBeenCalled();
  });
});
