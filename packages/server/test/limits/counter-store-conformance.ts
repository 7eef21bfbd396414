// The behaviour every CounterStore must show (limits/counter-store.ts), run against each implementation with a fresh,
// empty store per test: memory-counter-store.test.ts and sql-counter-store.test.ts (SQLite, PostgreSQL).
// Exceptions: none. Sharing counts between instances is the SQL store's alone, and is what its atomicity tests show.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterStore } from '../../src/limits/counter-store.js';

export interface CounterStoreBackend {
  /** An empty store, and how to let it go after the test. */
  open(): Promise<{ counters: CounterStore; close(): Promise<void> }>;
}

export function describeCounterStoreConformance(name: string, backend: CounterStoreBackend): void {
  describe(`counter store conformance: ${name}`, () => {
    let counters: CounterStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ counters, close } = await backend.open());
    });
    afterEach(() => close());

    it('counts atomically and clears', async () => {
      const counts = await Promise.all(Array.from({ length: 5 }, () => counters.increment('acct:x', 100)));
      expect(counts.map((c) => c.count).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await counters.get('acct:x')).toEqual({ count: 5, lastCountedAt: 100 });
      await counters.clear('acct:x');
      expect(await counters.get('acct:x')).toBeUndefined();
    });

    it('knows no counter it never counted, and keeps each key apart', async () => {
      expect(await counters.get('never')).toBeUndefined();
      await counters.increment('a', 10);
      await counters.increment('a', 20);
      await counters.increment('b', 30);
      expect(await counters.get('a')).toEqual({ count: 2, lastCountedAt: 20 });
      expect(await counters.get('b')).toEqual({ count: 1, lastCountedAt: 30 });
      await counters.clear('a');
      expect(await counters.get('b')).toEqual({ count: 1, lastCountedAt: 30 });
    });

    it('incrementIf counts only when the count is the one expected, 0 meaning no counter yet', async () => {
      expect(await counters.incrementIf('k', 0, 100)).toBe(true);
      expect(await counters.get('k')).toEqual({ count: 1, lastCountedAt: 100 });
      expect(await counters.incrementIf('k', 0, 110)).toBe(false);
      expect(await counters.incrementIf('k', 2, 110)).toBe(false);
      expect(await counters.get('k')).toEqual({ count: 1, lastCountedAt: 100 });
      expect(await counters.incrementIf('k', 1, 120)).toBe(true);
      expect(await counters.get('k')).toEqual({ count: 2, lastCountedAt: 120 });
      expect(await counters.incrementIf('missing', 3, 120)).toBe(false);
      expect(await counters.get('missing')).toBeUndefined();
    });

    it('of concurrent incrementIf calls expecting the same count exactly one succeeds', async () => {
      const fresh = await Promise.all(Array.from({ length: 8 }, () => counters.incrementIf('new', 0, 100)));
      expect(fresh.filter(Boolean)).toHaveLength(1);
      await counters.increment('old', 100);
      const seen = await Promise.all(Array.from({ length: 8 }, () => counters.incrementIf('old', 1, 200)));
      expect(seen.filter(Boolean)).toHaveLength(1);
      expect(await counters.get('new')).toEqual({ count: 1, lastCountedAt: 100 });
      expect(await counters.get('old')).toEqual({ count: 2, lastCountedAt: 200 });
    });

    it('decrement takes one back, never below zero, and keeps when it was last counted', async () => {
      await counters.increment('d', 100);
      await counters.increment('d', 150);
      await counters.decrement('d');
      expect(await counters.get('d')).toEqual({ count: 1, lastCountedAt: 150 });
      await counters.decrement('d');
      await counters.decrement('d');
      expect(await counters.get('d')).toEqual({ count: 0, lastCountedAt: 150 });
      await counters.decrement('missing');
      expect(await counters.get('missing')).toBeUndefined();
    });

    it('purgeBefore forgets only counters last counted before the given time', async () => {
      await counters.increment('old', 100);
      await counters.increment('older', 50);
      await counters.increment('boundary', 200);
      await counters.increment('recent', 100);
      await counters.increment('recent', 300);
      expect(await counters.purgeBefore(200)).toBe(2);
      expect(await counters.get('old')).toBeUndefined();
      expect(await counters.get('older')).toBeUndefined();
      expect(await counters.get('boundary')).toEqual({ count: 1, lastCountedAt: 200 });
      expect(await counters.get('recent')).toEqual({ count: 2, lastCountedAt: 300 });
      expect(await counters.purgeBefore(200)).toBe(0);
    });
  });
}
