// Signs an account out on every device: its sessions end and every grant is revoked, so refresh tokens stop working
// and introspection reports its access tokens inactive. Used after an administrator disables an account or sets its
// password, which also raise its credentials version, so that sign-ins still in flight end too (a reset through an
// emailed link does all of it in one transaction: PasswordResetStore.redeem).
import type { GrantStore } from '../oauth/grant-store.js';
import type { SessionStore } from './session-store.js';

export async function signOutEverywhere(
  stores: { sessions: SessionStore; grants: GrantStore },
  userId: string,
  now: number,
): Promise<void> {
  await stores.sessions.endAllForUser(userId);
  await stores.grants.revokeAllForUser(userId, now);
}
