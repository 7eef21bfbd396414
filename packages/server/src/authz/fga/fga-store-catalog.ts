// The storage contract for OpenFGA stores: the named containers that each hold one model history and one set of
// tuples. Implemented in store/sql-fga-store-catalog.ts.
import type { Page, PageRequest } from '@tessera/rebac';
import type { Purgeable } from '../../purgeable.js';

export interface FgaStore {
  /** A ULID (the SDK refuses other ids). */
  readonly id: string;
  readonly name: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Purgeable: the periodic upkeep removes what deleted stores held (their models, tuples, changelog, assertions). */
export interface FgaStoreCatalog extends Purgeable {
  create(store: FgaStore): Promise<void>;
  /** The store, unless it does not exist or was deleted. */
  find(id: string): Promise<FgaStore | undefined>;
  /** Live stores (only those named `name`, when given), oldest first; an unreadable token raises RebacError 2007. */
  list(page: PageRequest, name?: string): Promise<Page<FgaStore>>;
  /** Marks the store deleted (its data is no longer reachable through any API); false when it was not live. */
  delete(id: string, now: number): Promise<boolean>;
}
