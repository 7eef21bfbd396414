// Caches sub-problem answers of Check. The key includes the model, the store revision, the user, the condition
// context and the contextual tuples (CheckScope.cacheKey), so an answer is reused only for the same data: a write
// moves the revision and every later request misses. Cyclic answers depend on the path and are never cached.
import type { CheckOutcome, CheckResolver, MaybePromise, ResolveCheckRequest } from './check-resolver.js';

export class CachedCheckResolver implements CheckResolver {
  readonly #inner: CheckResolver;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, CheckOutcome>();
  /**
   * The keys in insertion order, kept across evictions: a fresh `keys()` iterator would step over every slot that
   * evictions and refreshes emptied since the map last rehashed (tens of thousands in a full cache, per eviction),
   * while one long-lived iterator steps over each only once. Everything before its position has been deleted.
   */
  #oldest: IterableIterator<string> | undefined;

  constructor(inner: CheckResolver, maxEntries: number) {
    this.#inner = inner;
    this.#maxEntries = maxEntries;
  }

  resolveCheck(request: ResolveCheckRequest): MaybePromise<CheckOutcome> {
    const scopeKey = request.scope.cacheKey;
    if (scopeKey === undefined) return this.#inner.resolveCheck(request);
    const key = `${scopeKey}\n${request.object}#${request.relation}`;
    const hit = this.#entries.get(key);
    if (hit) {
      // Refresh the entry's place: the map's order is least recently used first.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const result = this.#inner.resolveCheck(request);
    if (!(result instanceof Promise)) {
      this.#keep(key, result);
      return result;
    }
    return result.then((outcome) => {
      this.#keep(key, outcome);
      return outcome;
    });
  }

  #keep(key: string, outcome: CheckOutcome): void {
    if (outcome.cycle) return;
    this.#entries.set(key, outcome);
    if (this.#entries.size > this.#maxEntries) {
      this.#oldest ??= this.#entries.keys();
      let oldest = this.#oldest.next();
      if (oldest.done) {
        // Exhausted iterators stay so: start again from the front.
        this.#oldest = this.#entries.keys();
        oldest = this.#oldest.next();
      }
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}
