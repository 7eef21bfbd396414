// FgaStoreCatalog in the serving process's memory (TESSERA_FGA_DATASTORE=memory): as the SQL catalog, deleting a
// store marks it, and the periodic upkeep then has the stores that hold its data forget it.
import type { Page, PageRequest } from '@tessera/rebac';
import type { FgaStore, FgaStoreCatalog } from '../fga-store-catalog.js';
import { decodeIdToken, encodeIdToken } from '../id-page-token.js';

/** A memory store holding data per OpenFGA store, which it drops when that store's deletion is purged. */
export interface ForgetsStores {
  forgetStore(storeId: string): void;
}

/** A store as kept: its record, and when it was deleted. */
interface KeptStore {
  store: FgaStore;
  deletedAt?: number;
}

export class MemoryFgaStoreCatalog implements FgaStoreCatalog {
  readonly #stores = new Map<string, KeptStore>();
  readonly #holders: readonly ForgetsStores[];

  /** `holders` keep the data of each store (models, tuples, assertions): purge has them forget deleted ones. */
  constructor(holders: readonly ForgetsStores[] = []) {
    this.#holders = holders;
  }

  async create(store: FgaStore): Promise<void> {
    if (this.#stores.has(store.id)) throw new Error(`store ${store.id} exists`);
    this.#stores.set(store.id, { store: { ...store } });
  }

  async find(id: string): Promise<FgaStore | undefined> {
    const kept = this.#stores.get(id);
    return kept && kept.deletedAt === undefined ? kept.store : undefined;
  }

  async list(page: PageRequest, name?: string): Promise<Page<FgaStore>> {
    const after = page.continuationToken === undefined ? undefined : decodeIdToken(page.continuationToken);
    const matching = [...this.#stores.values()]
      .filter((kept) => kept.deletedAt === undefined)
      .map((kept) => kept.store)
      .filter(
        (store) => (name === undefined || store.name === name) && (after === undefined || store.id > after),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = matching.slice(0, page.pageSize);
    const last = items.at(-1);
    return matching.length > page.pageSize && last
      ? { items, continuationToken: encodeIdToken(last.id) }
      : { items };
  }

  async delete(id: string, now: number): Promise<boolean> {
    const kept = this.#stores.get(id);
    if (!kept || kept.deletedAt !== undefined) return false;
    kept.deletedAt = now;
    kept.store = { ...kept.store, updatedAt: now };
    return true;
  }

  /** Drops what deleted stores held; the deleted ids stay marked, so they are never handed out again. */
  async purge(): Promise<void> {
    for (const [id, kept] of this.#stores) {
      if (kept.deletedAt !== undefined) for (const holder of this.#holders) holder.forgetStore(id);
    }
  }
}
