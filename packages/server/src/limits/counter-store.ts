// The port every rate limit counts through: named counters with atomic updates, shared by every instance that shares
// the store (SQL today; Redis with the production issue). The policies (sign-in throttle, per-network request
// limits) live with the code they protect and decide what a count means.
import type { Purgeable } from '../purgeable.js';

/**
 * How long `purge` keeps a counter after it was last counted up: as long as the longest-remembering limit needs
 * (sign-in failures are remembered a day, accounts/login-throttle.ts).
 */
export const COUNTER_RETENTION_SECONDS = 86_400;

/** A counter's value and when it was last counted up (epoch seconds). */
export interface Counter {
  count: number;
  lastCountedAt: number;
}

/**
 * Every method is atomic on its own across all callers of the same store; none is atomic with another, so a policy
 * that reads and then writes uses `incrementIf` to detect a concurrent change.
 */
export interface CounterStore extends Purgeable {
  /** The counter under `key`, or undefined when it was never counted, cleared or purged. */
  get(key: string): Promise<Counter | undefined>;
  /**
   * Counts one more under `key` (and sets `lastCountedAt` to `now`) only if the count is still `expected`, 0 meaning
   * "no counter yet" (compare-and-set), so of concurrent callers that read the same count exactly one proceeds.
   * Returns false, changing nothing, when the count is not `expected`.
   */
  incrementIf(key: string, expected: number, now: number): Promise<boolean>;
  /** Counts one more under `key`, creating the counter at 1, sets `lastCountedAt` to `now`; returns the new value. */
  increment(key: string, now: number): Promise<Counter>;
  /** Counts one less under `key`, never below 0, leaving `lastCountedAt` as it was; no-op for a missing counter. */
  decrement(key: string): Promise<void>;
  /** Forgets the counter under `key`. */
  clear(key: string): Promise<void>;
  /** Forgets every counter last counted up before `before`; returns how many were forgotten. */
  purgeBefore(before: number): Promise<number>;
}
