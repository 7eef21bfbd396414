// AuthorizationModelStore in the serving process's memory (TESSERA_FGA_DATASTORE=memory): each store's versions by
// id; the newest is the greatest ULID, as in the SQL store.
import type { Page, PageRequest } from '@tessera/rebac';
import type { AuthorizationModelStore, StoredAuthorizationModel } from '../authorization-model-store.js';
import { decodeIdToken, encodeIdToken } from '../id-page-token.js';
import type { ForgetsStores } from './memory-fga-store-catalog.js';

export class MemoryAuthorizationModelStore implements AuthorizationModelStore, ForgetsStores {
  readonly #models = new Map<string, Map<string, StoredAuthorizationModel>>();

  async write(model: StoredAuthorizationModel): Promise<void> {
    let versions = this.#models.get(model.storeId);
    if (!versions) {
      versions = new Map();
      this.#models.set(model.storeId, versions);
    }
    if (versions.has(model.id)) throw new Error(`model ${model.id} exists`);
    // A deep copy: versions never change, whatever the caller does with its object afterwards.
    versions.set(model.id, structuredClone(model));
  }

  async find(storeId: string, id: string): Promise<StoredAuthorizationModel | undefined> {
    return this.#models.get(storeId)?.get(id);
  }

  async latest(storeId: string): Promise<StoredAuthorizationModel | undefined> {
    return this.#newestFirst(storeId)[0];
  }

  async latestId(storeId: string): Promise<string | undefined> {
    return this.#newestFirst(storeId)[0]?.id;
  }

  async list(storeId: string, page: PageRequest): Promise<Page<StoredAuthorizationModel>> {
    const before = page.continuationToken === undefined ? undefined : decodeIdToken(page.continuationToken);
    const matching = this.#newestFirst(storeId).filter((model) => before === undefined || model.id < before);
    const items = matching.slice(0, page.pageSize);
    const last = items.at(-1);
    return matching.length > page.pageSize && last
      ? { items, continuationToken: encodeIdToken(last.id) }
      : { items };
  }

  forgetStore(storeId: string): void {
    this.#models.delete(storeId);
  }

  #newestFirst(storeId: string): StoredAuthorizationModel[] {
    return [...(this.#models.get(storeId)?.values() ?? [])].sort((a, b) =>
      a.id < b.id ? 1 : a.id > b.id ? -1 : 0,
    );
  }
}
