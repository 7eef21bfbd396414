// The Stores API's commands: create, get, list and delete OpenFGA stores.
import { ErrorCode, type Page, type PageRequest, RebacError, ulid } from '@tessera/rebac';
import type { FgaDependencies } from '../fga-dependencies.js';
import { liveStore } from '../fga-dependencies.js';
import { storeNotFound } from '../fga-error.js';
import type { FgaStore } from '../fga-store-catalog.js';

type Deps = Pick<FgaDependencies, 'stores' | 'clock'>;

/** OpenFGA's bound on a store's name. */
const MAX_NAME_LENGTH = 64;

export async function createStore(deps: Deps, name: string): Promise<FgaStore> {
  const trimmed = name.trim();
  if (trimmed.length < 3 || trimmed.length > MAX_NAME_LENGTH) {
    throw new RebacError(ErrorCode.validation_error, `a store's name is 3 to ${MAX_NAME_LENGTH} characters`);
  }
  const now = deps.clock.now();
  const store: FgaStore = { id: ulid(), name: trimmed, createdAt: now, updatedAt: now };
  await deps.stores.create(store);
  return store;
}

export function getStore(deps: Deps, storeId: string): Promise<FgaStore> {
  return liveStore(deps, storeId);
}

/** Live stores, oldest first; only those called `name` when it is given (OpenFGA's filter). */
export function listStores(deps: Deps, page: PageRequest, name?: string): Promise<Page<FgaStore>> {
  return deps.stores.list(page, name);
}

/** 404 for a store that is unknown or already deleted. */
export async function deleteStore(deps: Deps, storeId: string): Promise<void> {
  if (!(await deps.stores.delete(storeId, deps.clock.now()))) throw storeNotFound();
}
