// An AuthorizationModelStore wrapper that keeps, for a few seconds, the id of each store's latest model: a Check or a
// write without authorization_model_id asks for it on every request. Versions themselves never change (their
// compiled form is kept by compiled-models.ts). A model written through this wrapper is the latest at once; one
// written elsewhere (the CLI, another instance) is seen within `ttlMs`, as for clients and stores.
import type { Page, PageRequest } from '@tessera/rebac';
import type { Clock } from '../../clock.js';
import { ShortLivedCache } from '../../short-lived-cache.js';
import type { AuthorizationModelStore, StoredAuthorizationModel } from './authorization-model-store.js';

export const LATEST_MODEL_CACHE_TTL_MS = 5_000;

export class CachedAuthorizationModelStore implements AuthorizationModelStore {
  readonly #inner: AuthorizationModelStore;
  /** Each store's latest model id; only stores that have a model are kept, so its first model is seen at once. */
  readonly #latest: ShortLivedCache<string>;

  constructor(inner: AuthorizationModelStore, clock: Clock, ttlMs = LATEST_MODEL_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#latest = new ShortLivedCache(clock, ttlMs);
  }

  async write(model: StoredAuthorizationModel): Promise<void> {
    this.#latest.forget(model.storeId);
    await this.#inner.write(model);
    // A latestId that raced with the write may have kept the previous one: ask again next time.
    this.#latest.forget(model.storeId);
  }

  find(storeId: string, id: string): Promise<StoredAuthorizationModel | undefined> {
    return this.#inner.find(storeId, id);
  }

  latest(storeId: string): Promise<StoredAuthorizationModel | undefined> {
    return this.#inner.latest(storeId);
  }

  latestId(storeId: string): Promise<string | undefined> {
    return this.#latest.get(storeId, () => this.#inner.latestId(storeId));
  }

  list(storeId: string, page: PageRequest): Promise<Page<StoredAuthorizationModel>> {
    return this.#inner.list(storeId, page);
  }
}
