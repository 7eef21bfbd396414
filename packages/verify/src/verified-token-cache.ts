// A bounded LRU of verification results, keyed by the full token string, that never outlives a token.

interface Entry<V> {
  readonly value: V;
  readonly expiresAtMs: number;
}

/**
 * Least-recently-used cache of successful verifications. The key is the whole token, so only the exact
 * bytes that were verified can hit; an entry is dropped once its token's `exp` is reached, so a cached
 * answer is never given for an expired token (clock tolerance applies only to full verifications).
 */
export class VerifiedTokenCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get(token: string, nowMs: number): V | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#entries.delete(token);
    if (nowMs >= entry.expiresAtMs) return undefined;
    // Map iterates in insertion order: re-inserting makes this the most recently used entry.
    this.#entries.set(token, entry);
    return entry.value;
  }

  set(token: string, value: V, expiresAtMs: number): void {
    this.#entries.delete(token);
    this.#entries.set(token, { value, expiresAtMs });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** Forgets everything, e.g. when the issuer withdrew a key. */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
