// The relationship engine's data in the serving process's memory (TESSERA_FGA_DATASTORE=memory, like OpenFGA's
// `--datastore-engine memory`): for development and tests. It is lost on restart and not shared between instances.
import type { Clock } from '../../../clock.js';
import type { FgaDataStores } from '../fga-data-stores.js';
import { MemoryAssertionStore } from './memory-assertion-store.js';
import { MemoryAuthorizationModelStore } from './memory-authorization-model-store.js';
import { MemoryFgaStoreCatalog } from './memory-fga-store-catalog.js';
import { MemoryTupleStores } from './memory-tuple-stores.js';

export function createMemoryFgaStores(clock: Clock): FgaDataStores {
  const fgaModels = new MemoryAuthorizationModelStore();
  const fgaTuples = new MemoryTupleStores(clock);
  const fgaAssertions = new MemoryAssertionStore();
  return {
    fgaStores: new MemoryFgaStoreCatalog([fgaModels, fgaTuples, fgaAssertions]),
    fgaModels,
    fgaTuples,
    fgaImporter: fgaTuples,
    fgaAssertions,
  };
}
