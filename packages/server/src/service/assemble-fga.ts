// The FGA commands' dependencies over where the FGA data lives (the runtime's SQL stores, or the serving process's
// memory), with Tessera's memberships (always the runtime's database) as `organization` tuples: assembled once here
// for the server's routes and the CLI.
import { createRebacEngine } from '@tessera/rebac';
import { CompiledModels } from '../authz/fga/compiled-models.js';
import type { FgaDataStores } from '../authz/fga/fga-data-stores.js';
import type { FgaDependencies } from '../authz/fga/fga-dependencies.js';
import type { TupleImporter } from '../authz/fga/tuple-importer.js';
import {
  OrganizationGuardedImporter,
  OrganizationTupleStores,
} from '../authz/rbac/organization-tuple-store.js';
import type { RbacStore } from '../authz/rbac/rbac-store.js';
import type { Clock } from '../clock.js';

export function assembleFga(
  stores: FgaDataStores,
  rbac: RbacStore,
  clock: Clock,
): FgaDependencies & { importer: TupleImporter } {
  return {
    stores: stores.fgaStores,
    models: stores.fgaModels,
    // Memberships as `organization` tuples; no cross-request Check cache over them (organization-tuple-store.ts).
    tuples: new OrganizationTupleStores(stores.fgaTuples, rbac),
    assertions: stores.fgaAssertions,
    importer: new OrganizationGuardedImporter(stores.fgaImporter, rbac),
    engine: createRebacEngine(),
    compiledModels: new CompiledModels(),
    clock,
  };
}
