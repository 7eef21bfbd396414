// What the RBAC operations are given: the stores they read and write, always through one unit of work, and the clock.
import type { UserStore } from '../../accounts/user.js';
import type { Clock } from '../../clock.js';
import type { ClientStore } from '../../oauth/clients/client.js';
import type { ConsentStore } from '../../oauth/consent-store.js';
import type { GrantStore } from '../../oauth/grant-store.js';
import type { Transactional } from '../../unit-of-work.js';
import type { InvitationStore } from './invitation-store.js';
import type { RbacStore } from './rbac-store.js';

export interface RbacStoreSet {
  rbac: RbacStore;
  users: UserStore;
  clients: ClientStore;
  grants: GrantStore;
  consents: ConsentStore;
  invitations: InvitationStore;
}

export type RbacDependencies = Transactional<RbacStoreSet> & { clock: Clock };
