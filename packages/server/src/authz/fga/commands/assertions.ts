// The Assertions API's commands: a model's assertions, replaced whole and read back.
import type { Assertion } from '../assertion-store.js';
import { type FgaDependencies, liveStore } from '../fga-dependencies.js';
import { readAuthorizationModel } from './authorization-models.js';

type Deps = Pick<FgaDependencies, 'stores' | 'models' | 'assertions' | 'clock'>;

export async function writeAssertions(
  deps: Deps,
  storeId: string,
  modelId: string,
  assertions: readonly Assertion[],
): Promise<void> {
  await readAuthorizationModel(deps, storeId, modelId);
  await deps.assertions.write(storeId, modelId, assertions);
}

export async function readAssertions(
  deps: Deps,
  storeId: string,
  modelId: string,
): Promise<readonly Assertion[]> {
  await liveStore(deps, storeId);
  return deps.assertions.read(storeId, modelId);
}
