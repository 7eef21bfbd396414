// The Authorization Models API's commands: write a new immutable version (validated as the engine compiles it), read
// one, list them newest first.
import {
  type AuthorizationModelJson,
  compileModelJson,
  ErrorCode,
  type Page,
  type PageRequest,
  RebacError,
  ulid,
} from '@tessera/rebac';
import type { StoredAuthorizationModel } from '../authorization-model-store.js';
import { type FgaDependencies, liveStore } from '../fga-dependencies.js';

type Deps = Pick<FgaDependencies, 'stores' | 'models' | 'clock'>;

/** Raises 2056 invalid_authorization_model (or 2057 for a schema other than 1.1) for a model that does not compile. */
export async function writeAuthorizationModel(
  deps: Deps,
  storeId: string,
  model: AuthorizationModelJson,
): Promise<StoredAuthorizationModel> {
  await liveStore(deps, storeId);
  const id = ulid();
  compileModelJson(model, id);
  const stored: StoredAuthorizationModel = { id, storeId, model, createdAt: deps.clock.now() };
  await deps.models.write(stored);
  return stored;
}

export async function readAuthorizationModel(
  deps: Deps,
  storeId: string,
  modelId: string,
): Promise<StoredAuthorizationModel> {
  await liveStore(deps, storeId);
  const model = await deps.models.find(storeId, modelId);
  if (!model) {
    throw new RebacError(
      ErrorCode.authorization_model_not_found,
      `Authorization Model '${modelId}' not found`,
    );
  }
  return model;
}

export async function readAuthorizationModels(
  deps: Deps,
  storeId: string,
  page: PageRequest,
): Promise<Page<StoredAuthorizationModel>> {
  await liveStore(deps, storeId);
  return deps.models.list(storeId, page);
}
