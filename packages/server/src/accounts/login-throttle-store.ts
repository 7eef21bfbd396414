// The store contract that counts consecutive failed sign-ins per key (an account's email, or a client address).
export interface LoginFailureCount {
  failures: number;
  lastFailedAt: number;
}

export interface LoginThrottleStore {
  get(key: string): Promise<LoginFailureCount | undefined>;
  /** Adds one failure atomically and returns the new count. */
  recordFailure(key: string, now: number): Promise<LoginFailureCount>;
  clear(key: string): Promise<void>;
}
