// The second factor's attempt limit, per account: a 6-digit code has a million values (three of them valid at a time,
// with the ±1 step window), so wrong codes are capped at 5 per account in each 15-minute window, whoever sends them
// and from wherever. Guessing then takes years, not minutes (RFC 6238 §5.2, NIST SP 800-63B §5.2.2). Every attempt,
// recovery codes included, is counted before it is checked, so concurrent guesses cannot slip past; a success is
// taken back.
import type { CounterStore } from '../../limits/counter-store.js';
import { type CountedEvent, countInWindow, uncount, type WindowLimit } from '../../limits/window-limit.js';

export const SECOND_FACTOR_LIMIT: WindowLimit = { max: 5, windowSeconds: 15 * 60 };

/** Counts one attempt at `userId`'s second factor; not allowed once the account has used up its attempts. */
export function reserveSecondFactorAttempt(
  counters: CounterStore,
  userId: string,
  now: number,
): Promise<CountedEvent> {
  return countInWindow(counters, SECOND_FACTOR_LIMIT, `second-factor:${userId}`, now);
}

/** The attempt succeeded: it does not count against the account. */
export function forgiveSecondFactorAttempt(counters: CounterStore, attempt: CountedEvent): Promise<void> {
  return uncount(counters, attempt);
}
