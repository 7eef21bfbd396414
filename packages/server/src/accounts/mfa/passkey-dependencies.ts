// What the passkey operations use: the credential and challenge stores, the accounts, the attempt counters and the
// record of pending sign-ins used (in one unit of work where writes go together), the relying party and the clock.
import type { Clock } from '../../clock.js';
import type { CounterStore } from '../../limits/counter-store.js';
import type { AssertionReplayStore } from '../../oauth/client-auth/assertion-replay-store.js';
import type { Transactional } from '../../unit-of-work.js';
import type { Session } from '../session-store.js';
import type { User, UserStore } from '../user.js';
import type { RelyingParty } from './passkey-relying-party.js';
import type { PasskeyChallengeStore, PasskeyStore } from './passkey-store.js';

export interface PasskeyStores {
  passkeys: PasskeyStore;
  passkeyChallenges: PasskeyChallengeStore;
  users: UserStore;
  rateLimits: CounterStore;
  /** Records each pending sign-in whose second factor passed (sign-in-with-second-factor.ts's USED_PENDING_SIGN_INS). */
  assertionReplay: Pick<AssertionReplayStore, 'remember'>;
}

export interface PasskeyDependencies {
  stores: Transactional<PasskeyStores>;
  relyingParty: RelyingParty;
  clock: Clock;
}

/** A signed-in browser: the account, and the session a registration's challenge is bound to and whose age counts. */
export interface PasskeyAccount {
  user: User;
  session: Pick<Session, 'authTime' | 'sid'>;
}

/** How a sign-in by passkey is named in `amr` (RFC 8176 §2): the key, and `user` when the authenticator verified the user. */
export function passkeyAmr(deviceType: 'singleDevice' | 'multiDevice', userVerified: boolean): string[] {
  // A synced passkey's private key leaves the device (a software-secured key); a device-bound one does not.
  const key = deviceType === 'multiDevice' ? 'swk' : 'hwk';
  return userVerified ? [key, 'user'] : [key];
}

/** The WebAuthn user handle of an account: its id's bytes (random, no personal data; WebAuthn §14.6.1). */
export const userHandleOf = (userId: string) => Buffer.from(userId, 'utf8');
