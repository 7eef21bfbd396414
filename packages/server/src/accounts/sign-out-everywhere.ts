// Signs an account out on every device: its sessions end and every grant is revoked, so refresh tokens stop working
// and introspection reports its access tokens inactive. Part of disabling an account, setting its password and
// resetting it through an emailed link, each of which also raises its credentials version, so that sign-ins still in
// flight end too; each composes it into one unit of work with its own write.
import type { GrantStore } from '../oauth/grant-store.js';
import type { Transactional } from '../unit-of-work.js';
import type { SessionStore } from './session-store.js';

/** What signing out everywhere writes to. */
export interface SignOutStoreSet {
  sessions: SessionStore;
  grants: GrantStore;
}
export type SignOutStores = Transactional<SignOutStoreSet>;

/** Ends every session and revokes every grant of the user, both or neither (joining a unit of work in progress). */
export async function signOutEverywhere(stores: SignOutStores, userId: string, now: number): Promise<void> {
  await stores.transaction(async ({ sessions, grants }) => {
    await sessions.endAllForUser(userId);
    await grants.revokeAllForUser(userId, now);
  });
}
