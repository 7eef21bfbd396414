// What the FGA commands share: the stores they read and write, the engine, and the steps every store-scoped
// command starts with (the store must be live; the model is the one asked for, else the latest).
import { type CompiledModel, ErrorCode, type RebacEngine, RebacError, type TupleStore } from '@tessera/rebac';
import type { Clock } from '../../clock.js';
import type { AssertionStore } from './assertion-store.js';
import type { AuthorizationModelStore } from './authorization-model-store.js';
import type { CompiledModels } from './compiled-models.js';
import { storeNotFound } from './fga-error.js';
import type { FgaStore, FgaStoreCatalog } from './fga-store-catalog.js';
import type { TupleStores } from './tuple-stores.js';

export interface FgaDependencies {
  readonly stores: FgaStoreCatalog;
  readonly models: AuthorizationModelStore;
  readonly tuples: TupleStores;
  readonly assertions: AssertionStore;
  readonly engine: RebacEngine;
  readonly compiledModels: CompiledModels;
  readonly clock: Clock;
}

/** The live store `storeId`; 404 store_id_not_found for an unknown or deleted one. */
export async function liveStore(deps: Pick<FgaDependencies, 'stores'>, storeId: string): Promise<FgaStore> {
  const store = await deps.stores.find(storeId);
  if (!store) throw storeNotFound();
  return store;
}

export interface StoreTarget {
  readonly store: FgaStore;
  readonly model: CompiledModel;
  readonly tuples: TupleStore;
}

/** The live store, its model `modelId` (2001 if it has none such) or its latest (2020 if it has none), its tuples. */
export async function storeTarget(
  deps: FgaDependencies,
  storeId: string,
  modelId: string | undefined,
): Promise<StoreTarget> {
  const store = await liveStore(deps, storeId);
  const tuples = deps.tuples.forStore(storeId);
  // Versions never change: a compiled one is reused, and only the latest version's id is read to find it.
  const id = modelId ?? (await deps.models.latestId(storeId));
  const kept = id === undefined ? undefined : deps.compiledModels.kept(storeId, id);
  if (kept) return { store, model: kept, tuples };
  const stored = id === undefined ? undefined : await deps.models.find(storeId, id);
  if (!stored) {
    throw modelId
      ? new RebacError(ErrorCode.authorization_model_not_found, `Authorization Model '${modelId}' not found`)
      : new RebacError(
          ErrorCode.latest_authorization_model_not_found,
          `No authorization models found for store '${storeId}'`,
        );
  }
  return { store, model: deps.compiledModels.compiled(stored), tuples };
}
