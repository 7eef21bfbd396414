// The read-through cache the store wrappers share (clients, allowed origins, FGA stores, latest models): a value read
// is kept for a few seconds when it was found. A miss is never kept, so unknown keys cannot fill memory and a value
// created anywhere is seen at once; what changes elsewhere (the CLI, another instance) is seen within `ttlMs`.

import type { Clock } from './clock.js';

/** The most entries a cache holds; when full it starts again empty, which only costs reads. */
const MAX_ENTRIES = 10_000;

export class ShortLivedCache<V> {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(clock: Clock, ttlMs: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /** The kept value while it is fresh, else what `load` finds (kept if found). */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.#clock.now();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    const value = await load();
    if (value === undefined) {
      this.#entries.delete(key);
    } else {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, { value, expiresAt: now + this.#ttlMs });
    }
    return value;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
