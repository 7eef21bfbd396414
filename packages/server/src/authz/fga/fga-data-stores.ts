// Where the relationship engine's data lives: OpenFGA stores, their models, tuples and assertions. The SQL database
// keeps them (store/stores.ts), or, with TESSERA_FGA_DATASTORE=memory, the serving process (memory/).
import type { AssertionStore } from './assertion-store.js';
import type { AuthorizationModelStore } from './authorization-model-store.js';
import type { FgaStoreCatalog } from './fga-store-catalog.js';
import type { TupleImporter } from './tuple-importer.js';
import type { TupleStores } from './tuple-stores.js';

export interface FgaDataStores {
  fgaStores: FgaStoreCatalog;
  fgaModels: AuthorizationModelStore;
  fgaTuples: TupleStores;
  /** Bulk loads of tuples (`tessera fga tuples import`). */
  fgaImporter: TupleImporter;
  fgaAssertions: AssertionStore;
}

/** Where TESSERA_FGA_DATASTORE puts that data: `sql` (the default) or `memory` (development and tests only). */
export type FgaDatastore = 'sql' | 'memory';
export const FGA_DATASTORES: readonly FgaDatastore[] = ['sql', 'memory'];
