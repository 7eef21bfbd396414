// What the second-factor operations use: the factor and code stores (in one unit of work where writes go together),
// the attempt counters, the accounts, the record of pending sign-ins used, the master key's box for TOTP secrets,
// and the clock.
import type { Clock } from '../../clock.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { CounterStore } from '../../limits/counter-store.js';
import type { AssertionReplayStore } from '../../oauth/client-auth/assertion-replay-store.js';
import type { Transactional } from '../../unit-of-work.js';
import type { SessionStore } from '../session-store.js';
import type { UserStore } from '../user.js';
import type { RecoveryCodeStore } from './recovery-code-store.js';
import type { TotpFactorStore } from './totp-factor-store.js';

export interface SecondFactorStores {
  totpFactors: TotpFactorStore;
  recoveryCodes: RecoveryCodeStore;
  rateLimits: CounterStore;
  users: UserStore;
  /** Records each pending sign-in whose second factor passed, so it passes once (sign-in-with-second-factor.ts). */
  assertionReplay: Pick<AssertionReplayStore, 'remember'>;
  /** Turning TOTP on counts as its first use in the session that did it (totp-enrolment.ts). */
  sessions: Pick<SessionStore, 'recordSecondFactor'>;
}

export interface SecondFactorDependencies {
  stores: Transactional<SecondFactorStores>;
  box: Pick<SecretBox, 'seal' | 'openStored'>;
  clock: Clock;
}
