import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../src/limits/memory-counter-store.js';
import { countInWindow, uncount } from '../../src/limits/window-limit.js';

describe('fixed-window limits', () => {
  const limit = { max: 2, windowSeconds: 900 };

  it('allows max events per window, says when the window ends, and starts again in the next one', async () => {
    const counters = new MemoryCounterStore();
    const start = 900 * 1000 + 100;
    expect((await countInWindow(counters, limit, 'k', start)).allowed).toBe(true);
    expect((await countInWindow(counters, limit, 'k', start)).allowed).toBe(true);
    expect(await countInWindow(counters, limit, 'k', start)).toMatchObject({
      allowed: false,
      retryAfterSeconds: 800,
    });
    expect((await countInWindow(counters, limit, 'other', start)).allowed).toBe(true);
    expect((await countInWindow(counters, limit, 'k', start + 800)).allowed).toBe(true);
  });

  it('an event taken back does not count', async () => {
    const counters = new MemoryCounterStore();
    const first = await countInWindow(counters, limit, 'k', 0);
    await uncount(counters, first);
    await countInWindow(counters, limit, 'k', 0);
    expect((await countInWindow(counters, limit, 'k', 0)).allowed).toBe(true);
    expect((await countInWindow(counters, limit, 'k', 0)).allowed).toBe(false);
  });
});
