// The storage contract for authorization models: immutable versions per store, identified by ULIDs that sort by
// creation, so the latest version is the one with the greatest id. Implemented in store/sql-authorization-model-store.ts.
import type { AuthorizationModelJson, Page, PageRequest } from '@tessera/rebac';

export interface StoredAuthorizationModel {
  readonly id: string;
  readonly storeId: string;
  /** As written (validated): schema_version, type_definitions, conditions. */
  readonly model: AuthorizationModelJson;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

export interface AuthorizationModelStore {
  /** Stores a new version; versions are never changed afterwards. */
  write(model: StoredAuthorizationModel): Promise<void>;
  find(storeId: string, id: string): Promise<StoredAuthorizationModel | undefined>;
  latest(storeId: string): Promise<StoredAuthorizationModel | undefined>;
  /** The id of the latest version, without reading the model. */
  latestId(storeId: string): Promise<string | undefined>;
  /** Newest first (OpenFGA's order); an unreadable token raises RebacError 2007. */
  list(storeId: string, page: PageRequest): Promise<Page<StoredAuthorizationModel>>;
}
