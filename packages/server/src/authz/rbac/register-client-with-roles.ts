// Registers a machine client that holds global roles (`tessera clients create … --role R`): the client and its roles
// in one transaction, so a role that does not exist leaves no client behind.
import { epochSeconds } from '../../clock.js';
import {
  type ClientRegistration,
  type RegisteredClient,
  registerClient,
} from '../../oauth/clients/register-client.js';
import { findAssignableRoles } from './find-role.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { RbacConflictError } from './rbac-errors.js';

/**
 * registerClient's rules (ClientMetadataError), then the catalogue roles named (RbacNotFoundError role_not_found);
 * roles only for clients with client_credentials, the only tokens a client gets for itself
 * (RbacConflictError roles_need_client_credentials).
 */
export async function registerClientWithRoles(
  deps: Pick<RbacDependencies, 'transaction' | 'clock'>,
  registration: ClientRegistration,
  roleNames: readonly string[],
): Promise<RegisteredClient> {
  if (roleNames.length > 0 && !registration.grantTypes.includes('client_credentials')) {
    throw new RbacConflictError(
      'roles_need_client_credentials',
      'only a client_credentials client holds roles of its own',
    );
  }
  return deps.transaction(async (stores) => {
    const roles = await findAssignableRoles(stores.rbac, roleNames, null);
    const registered = await registerClient(registration, stores.clients, deps.clock);
    const now = epochSeconds(deps.clock);
    for (const role of roles)
      await stores.rbac.addGlobalRole({ type: 'client', id: registered.client.id }, role.id, now);
    return registered;
  });
}
