// An FgaStoreCatalog wrapper that keeps, for a few seconds, the live stores it found: every FGA request starts by
// checking that its store is live (fga-dependencies.ts), and stores change rarely. Only live stores are kept (unknown
// ids cannot fill the cache, and a store created anywhere is seen at once); a store deleted through this wrapper is
// forgotten at once, one deleted elsewhere (the CLI, another instance) within `ttlMs`, as for clients
// (oauth/clients/cached-client-store.ts).
import type { Page, PageRequest } from '@tessera/rebac';
import type { Clock } from '../../clock.js';
import type { FgaStore, FgaStoreCatalog } from './fga-store-catalog.js';

export const FGA_STORE_CACHE_TTL_MS = 5_000;
const MAX_CACHED_STORES = 10_000;

export class CachedFgaStoreCatalog implements FgaStoreCatalog {
  readonly #inner: FgaStoreCatalog;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { store: FgaStore; expiresAt: number }>();

  constructor(inner: FgaStoreCatalog, clock: Clock, ttlMs = FGA_STORE_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  create(store: FgaStore): Promise<void> {
    return this.#inner.create(store);
  }

  async find(id: string): Promise<FgaStore | undefined> {
    const now = this.#clock.now();
    const entry = this.#entries.get(id);
    if (entry && entry.expiresAt > now) return entry.store;
    const store = await this.#inner.find(id);
    if (store) {
      if (this.#entries.size >= MAX_CACHED_STORES) this.#entries.clear();
      this.#entries.set(id, { store, expiresAt: now + this.#ttlMs });
    } else {
      this.#entries.delete(id);
    }
    return store;
  }

  list(page: PageRequest, name?: string): Promise<Page<FgaStore>> {
    return this.#inner.list(page, name);
  }

  async delete(id: string, now: number): Promise<boolean> {
    this.#entries.delete(id);
    const deleted = await this.#inner.delete(id, now);
    // A find that raced with the delete may have put it back: forget it again.
    this.#entries.delete(id);
    return deleted;
  }

  purge(now: number): Promise<unknown> {
    return this.#inner.purge(now);
  }
}
