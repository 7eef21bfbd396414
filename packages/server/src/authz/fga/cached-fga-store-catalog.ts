// An FgaStoreCatalog wrapper that keeps, for a few seconds, the live stores it found: every FGA request starts by
// checking that its store is live (fga-dependencies.ts), and stores change rarely. Only live stores are kept (unknown
// ids cannot fill the cache, and a store created anywhere is seen at once); a store deleted through this wrapper is
// forgotten at once, one deleted elsewhere (the CLI, another instance) within `ttlMs`, as for clients
// (oauth/clients/cached-client-store.ts).
import type { Page, PageRequest } from '@tessera/rebac';
import type { Clock } from '../../clock.js';
import { ShortLivedCache } from '../../short-lived-cache.js';
import type { FgaStore, FgaStoreCatalog } from './fga-store-catalog.js';

export const FGA_STORE_CACHE_TTL_MS = 5_000;

export class CachedFgaStoreCatalog implements FgaStoreCatalog {
  readonly #inner: FgaStoreCatalog;
  readonly #stores: ShortLivedCache<FgaStore>;

  constructor(inner: FgaStoreCatalog, clock: Clock, ttlMs = FGA_STORE_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#stores = new ShortLivedCache(clock, ttlMs);
  }

  create(store: FgaStore): Promise<void> {
    return this.#inner.create(store);
  }

  find(id: string): Promise<FgaStore | undefined> {
    return this.#stores.get(id, () => this.#inner.find(id));
  }

  list(page: PageRequest, name?: string): Promise<Page<FgaStore>> {
    return this.#inner.list(page, name);
  }

  async delete(id: string, now: number): Promise<boolean> {
    this.#stores.forget(id);
    const deleted = await this.#inner.delete(id, now);
    // A find that raced with the delete may have put it back: forget it again.
    this.#stores.forget(id);
    return deleted;
  }

  purge(now: number): Promise<unknown> {
    return this.#inner.purge(now);
  }
}
