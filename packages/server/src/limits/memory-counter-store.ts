// CounterStore in one process's memory: for tests and single-instance use. Each method runs without awaiting, so it
// is atomic within the process; counts are neither shared between instances nor kept across restarts.
import { COUNTER_RETENTION_SECONDS, type Counter, type CounterStore } from './counter-store.js';

export class MemoryCounterStore implements CounterStore {
  readonly #counters = new Map<string, Counter>();

  async get(key: string): Promise<Counter | undefined> {
    const counter = this.#counters.get(key);
    return counter && { ...counter };
  }

  async incrementIf(key: string, expected: number, now: number): Promise<boolean> {
    const count = this.#counters.get(key)?.count;
    if ((count ?? 0) !== expected || (expected === 0 && count !== undefined)) return false;
    this.#counters.set(key, { count: expected + 1, lastCountedAt: now });
    return true;
  }

  async increment(key: string, now: number): Promise<Counter> {
    const counter = { count: (this.#counters.get(key)?.count ?? 0) + 1, lastCountedAt: now };
    this.#counters.set(key, counter);
    return { ...counter };
  }

  async decrement(key: string): Promise<void> {
    const counter = this.#counters.get(key);
    if (counter && counter.count > 0) counter.count -= 1;
  }

  async clear(key: string): Promise<void> {
    this.#counters.delete(key);
  }

  async purge(now: number): Promise<void> {
    await this.purgeBefore(now - COUNTER_RETENTION_SECONDS);
  }

  async purgeBefore(before: number): Promise<number> {
    let purged = 0;
    for (const [key, counter] of this.#counters) {
      if (counter.lastCountedAt < before) {
        this.#counters.delete(key);
        purged++;
      }
    }
    return purged;
  }
}
