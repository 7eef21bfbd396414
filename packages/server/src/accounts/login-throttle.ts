// The sign-in throttle, a policy over the generic counters of limits/: it slows down password guessing (NIST SP 800-63B §5.2.2, OWASP Authentication) without letting anyone lock the real
// user out for good:
// - per account *and* client address: 5 free failures, then an exponential wait capped at 15 minutes, so an
//   attacker at one address cannot slow the user down at another;
// - per account from anywhere: after 100 consecutive failures (NIST's limit) one attempt per 15 minutes, a bounded
//   slow-down against distributed guessing, lifted by the next successful sign-in or a password reset; a browser
//   where the account signed in before (trusted-devices.ts) is not held by it, so the real user keeps a way in, but
//   has a limit of its own: after 10 consecutive failures, one attempt per 15 minutes;
// - per address: 100 failures within 15 minutes stop that address for the rest of the window.
// An address is counted as its network (limits/client-network.ts: an IPv6 address as its /64).
// Attempts are reserved atomically before the password is checked, so a burst of concurrent requests cannot slip
// past the count.
import { throttledNetwork } from '../limits/client-network.js';
import type { CounterStore } from '../limits/counter-store.js';
import type { LimitDecision } from '../limits/limit-decision.js';

const FREE_FAILURES = 5;
const MAX_WAIT_SECONDS = 15 * 60;
const ACCOUNT_FAILURE_LIMIT = 100;
const ADDRESS_FAILURE_LIMIT = 100;
const ADDRESS_WINDOW_SECONDS = 15 * 60;
const DEVICE_FAILURE_LIMIT = 10;
const MAX_RESERVATION_ROUNDS = 8;
/** Counts older than this are forgotten by the periodic upkeep. */
export const LOGIN_FAILURE_MEMORY_SECONDS = 86_400;

export interface ThrottleKeys {
  accountFromAddress: string;
  account: string;
  address: string;
  /** A trusted device of this account (trusted-devices.ts), if the browser is one. */
  device: string | undefined;
}

const accountKey = (normalizedEmail: string) => `account:${normalizedEmail}`;

export function throttleKeys(
  normalizedEmail: string,
  clientAddress: string,
  trustedDeviceId?: string,
): ThrottleKeys {
  const network = throttledNetwork(clientAddress);
  return {
    accountFromAddress: `account-address:${normalizedEmail}|${network}`,
    account: accountKey(normalizedEmail),
    address: `address:${network}`,
    device: trustedDeviceId === undefined ? undefined : `device:${trustedDeviceId}`,
  };
}

function waitAfter(failures: number, freeFailures: number): number {
  return failures < freeFailures ? 0 : Math.min(2 ** (failures - freeFailures), MAX_WAIT_SECONDS);
}

/**
 * Reserves one attempt under every key, or says how long to wait. A reserved attempt counts as a failure until
 * forgiven. A trusted device within its own limit is not held by the account-wide limit.
 */
export async function reserveSignInAttempt(
  counters: CounterStore,
  keys: ThrottleKeys,
  now: number,
): Promise<LimitDecision> {
  const address = await counters.get(keys.address);
  if (
    address &&
    now - address.lastCountedAt < ADDRESS_WINDOW_SECONDS &&
    address.count >= ADDRESS_FAILURE_LIMIT
  ) {
    return { allowed: false, retryAfterSeconds: address.lastCountedAt + ADDRESS_WINDOW_SECONDS - now };
  }
  const device = keys.device === undefined ? undefined : await counters.get(keys.device);
  const trustedDevice =
    keys.device !== undefined &&
    (device === undefined ||
      device.count < DEVICE_FAILURE_LIMIT ||
      now - device.lastCountedAt >= MAX_WAIT_SECONDS);
  if (!trustedDevice) {
    const global = await counters.get(keys.account);
    const globalWait =
      global && global.count >= ACCOUNT_FAILURE_LIMIT ? global.lastCountedAt + MAX_WAIT_SECONDS - now : 0;
    if (globalWait > 0) return { allowed: false, retryAfterSeconds: globalWait };
  }

  // Compare-and-set on the per-account-and-address count. A concurrent attempt (a double submit, a second tab) that
  // loses the race re-reads and tries again, so it is serialised behind the winner rather than refused; every
  // retry re-applies the wait, so a burst still cannot pass more attempts than the count allows.
  for (let round = 0; round < MAX_RESERVATION_ROUNDS; round++) {
    const local = await counters.get(keys.accountFromAddress);
    const localFailures = local?.count ?? 0;
    const localWait = local ? local.lastCountedAt + waitAfter(localFailures, FREE_FAILURES) - now : 0;
    if (localWait > 0) return { allowed: false, retryAfterSeconds: localWait };
    if (await counters.incrementIf(keys.accountFromAddress, localFailures, now)) {
      await counters.increment(keys.account, now);
      if (keys.device !== undefined) await counters.increment(keys.device, now);
      if (address && now - address.lastCountedAt >= ADDRESS_WINDOW_SECONDS)
        await counters.clear(keys.address);
      await counters.increment(keys.address, now);
      return { allowed: true };
    }
  }
  return { allowed: false, retryAfterSeconds: 1 };
}

/** The account's password was set anew (a reset, an administrator): failed guesses at the old one are forgotten. */
export async function forgetAccountFailures(counters: CounterStore, normalizedEmail: string): Promise<void> {
  await counters.clear(accountKey(normalizedEmail));
}

/** The reserved attempt succeeded: the account's counts start again, the address gets its attempt back. */
export async function forgiveSignInAttempt(counters: CounterStore, keys: ThrottleKeys): Promise<void> {
  await counters.clear(keys.accountFromAddress);
  await counters.clear(keys.account);
  if (keys.device !== undefined) await counters.clear(keys.device);
  await counters.decrement(keys.address);
}
