// The apps a signed-in person has allowed (their consents), for the account page, and taking an app's access away:
// the consent is forgotten and every grant of the person with that app is revoked in one unit of work, so its
// refresh tokens stop working and introspection reports its access tokens inactive; the app asks for consent again
// next time.
import { type Clock, epochSeconds } from '../../clock.js';
import type { Transactional } from '../../unit-of-work.js';
import type { ClientStore } from '../clients/client.js';
import type { ConsentStore } from '../consent-store.js';
import type { GrantStore } from '../grant-store.js';

export interface OwnApplication {
  clientId: string;
  name: string;
  scopes: string[];
  grantedAt: number;
}

/** The apps `userId` has consented to, most recent first, by name (an app deleted since is left out). */
export async function listOwnApplications(
  stores: { consents: Pick<ConsentStore, 'listForUser'>; clients: Pick<ClientStore, 'findById'> },
  userId: string,
): Promise<OwnApplication[]> {
  const applications: OwnApplication[] = [];
  for (const consent of await stores.consents.listForUser(userId)) {
    const client = await stores.clients.findById(consent.clientId);
    if (client) applications.push({ ...consent, name: client.name });
  }
  return applications;
}

/** Ends `clientId`'s access for `userId`: consent and grants together. Returns false when it had none. */
export async function revokeOwnApplication(
  deps: { stores: Transactional<{ consents: ConsentStore; grants: GrantStore }>; clock: Clock },
  userId: string,
  clientId: string,
): Promise<boolean> {
  const now = epochSeconds(deps.clock);
  return deps.stores.transaction(async (unit) => {
    const had = await unit.consents.revoke(userId, clientId);
    await unit.grants.revokeAllForUserAndClient(userId, clientId, now);
    return had;
  });
}
