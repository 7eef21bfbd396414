// An AuthorizationModelStore wrapper that keeps, for a few seconds, the id of each store's latest model: a Check or a
// write without authorization_model_id asks for it on every request. Versions themselves never change (their
// compiled form is kept by compiled-models.ts). A model written through this wrapper is the latest at once; one
// written elsewhere (the CLI, another instance) is seen within `ttlMs`, as for clients and stores.
import type { Page, PageRequest } from '@tessera/rebac';
import type { Clock } from '../../clock.js';
import type { AuthorizationModelStore, StoredAuthorizationModel } from './authorization-model-store.js';

export const LATEST_MODEL_CACHE_TTL_MS = 5_000;
const MAX_CACHED_STORES = 10_000;

export class CachedAuthorizationModelStore implements AuthorizationModelStore {
  readonly #inner: AuthorizationModelStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #latest = new Map<string, { id: string; expiresAt: number }>();

  constructor(inner: AuthorizationModelStore, clock: Clock, ttlMs = LATEST_MODEL_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  async write(model: StoredAuthorizationModel): Promise<void> {
    this.#latest.delete(model.storeId);
    await this.#inner.write(model);
    // A latestId that raced with the write may have kept the previous one: ask again next time.
    this.#latest.delete(model.storeId);
  }

  find(storeId: string, id: string): Promise<StoredAuthorizationModel | undefined> {
    return this.#inner.find(storeId, id);
  }

  latest(storeId: string): Promise<StoredAuthorizationModel | undefined> {
    return this.#inner.latest(storeId);
  }

  async latestId(storeId: string): Promise<string | undefined> {
    const now = this.#clock.now();
    const entry = this.#latest.get(storeId);
    if (entry && entry.expiresAt > now) return entry.id;
    const id = await this.#inner.latestId(storeId);
    // Only stores that have a model are kept: the first model written anywhere is seen at once.
    if (id !== undefined) {
      if (this.#latest.size >= MAX_CACHED_STORES) this.#latest.clear();
      this.#latest.set(storeId, { id, expiresAt: now + this.#ttlMs });
    } else {
      this.#latest.delete(storeId);
    }
    return id;
  }

  list(storeId: string, page: PageRequest): Promise<Page<StoredAuthorizationModel>> {
    return this.#inner.list(storeId, page);
  }
}
