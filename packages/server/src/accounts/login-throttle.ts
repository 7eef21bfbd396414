// Slows down password guessing per account and per client address (NIST SP 800-63B §5.2.2), without ever locking
// the real user out for good: every wait is bounded, and a successful sign-in clears the account's count.
import type { LoginThrottleStore } from './login-throttle-store.js';

/** Failures allowed before any wait is imposed. */
const FREE_FAILURES = 5;
/** The longest wait between attempts on one account. */
const MAX_ACCOUNT_WAIT_SECONDS = 15 * 60;
/** A client address making this many failures within the window waits out the window. */
const ADDRESS_FAILURE_LIMIT = 100;
const ADDRESS_WINDOW_SECONDS = 15 * 60;

export const accountKey = (normalizedEmail: string) => `account:${normalizedEmail}`;
export const addressKey = (address: string) => `address:${address}`;

/** Seconds until the next attempt is allowed for this account (0 when allowed now). */
export async function accountWaitSeconds(
  store: LoginThrottleStore,
  key: string,
  now: number,
): Promise<number> {
  const count = await store.get(key);
  if (!count || count.failures < FREE_FAILURES) return 0;
  const wait = Math.min(2 ** (count.failures - FREE_FAILURES), MAX_ACCOUNT_WAIT_SECONDS);
  return Math.max(0, count.lastFailedAt + wait - now);
}

export async function addressWaitSeconds(
  store: LoginThrottleStore,
  key: string,
  now: number,
): Promise<number> {
  const count = await store.get(key);
  if (!count) return 0;
  if (now - count.lastFailedAt >= ADDRESS_WINDOW_SECONDS) {
    await store.clear(key);
    return 0;
  }
  return count.failures >= ADDRESS_FAILURE_LIMIT ? count.lastFailedAt + ADDRESS_WINDOW_SECONDS - now : 0;
}
