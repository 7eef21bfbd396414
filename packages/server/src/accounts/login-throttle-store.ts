// The store contract that counts consecutive failed sign-ins per key (an account, an account from one address, or
// an address).
export interface LoginFailureCount {
  failures: number;
  lastFailedAt: number;
}

export interface LoginThrottleStore {
  get(key: string): Promise<LoginFailureCount | undefined>;
  /**
   * Counts one more attempt against `key` only if the count is still `expectedFailures` (compare-and-set), so of
   * concurrent attempts seeing the same count exactly one proceeds. Returns false when another attempt got there first.
   */
  reserveAttempt(key: string, expectedFailures: number, now: number): Promise<boolean>;
  /** Adds one failure atomically and returns the new count. */
  recordFailure(key: string, now: number): Promise<LoginFailureCount>;
  /** Takes back one counted attempt (it turned out to succeed). */
  forgiveOne(key: string): Promise<void>;
  clear(key: string): Promise<void>;
  /** Forgets counts whose last failure is older than `before`. */
  purgeBefore(before: number): Promise<number>;
}
