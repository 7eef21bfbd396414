// Slows down password guessing (NIST SP 800-63B §5.2.2, OWASP Authentication) without letting anyone lock the real
// user out for good:
// - per account *and* client address: 5 free failures, then an exponential wait capped at 15 minutes, so an
//   attacker at one address cannot slow the user down at another;
// - per account from anywhere: after 100 consecutive failures (NIST's limit) one attempt per 15 minutes, a bounded
//   slow-down against distributed guessing, lifted by the next successful sign-in or a password reset; a browser
//   where the account signed in before (trusted-devices.ts) is not held by it, so the real user keeps a way in, but
//   has a limit of its own: after 10 consecutive failures, one attempt per 15 minutes;
// - per address: 100 failures within 15 minutes stop that address for the rest of the window.
// An IPv6 "address" here is its /64 network: one subscriber or host usually holds a whole /64, so counting single
// IPv6 addresses would let an attacker start afresh with each of 2^64 of them.
// Attempts are reserved atomically before the password is checked, so a burst of concurrent requests cannot slip
// past the count.
import ipaddr from 'ipaddr.js';
import type { LoginThrottleStore } from './login-throttle-store.js';

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

/** What one client is counted as: an IPv4 address (IPv4-mapped IPv6 included), or an IPv6 /64 network. */
export function throttledNetwork(clientAddress: string): string {
  if (!ipaddr.isValid(clientAddress)) return clientAddress;
  const parsed = ipaddr.process(clientAddress);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toNormalizedString()}/64`);
  return `${network.toString()}/64`;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function waitAfter(failures: number, freeFailures: number): number {
  return failures < freeFailures ? 0 : Math.min(2 ** (failures - freeFailures), MAX_WAIT_SECONDS);
}

/**
 * Reserves one attempt under every key, or says how long to wait. A reserved attempt counts as a failure until
 * forgiven. A trusted device within its own limit is not held by the account-wide limit.
 */
export async function reserveSignInAttempt(
  store: LoginThrottleStore,
  keys: ThrottleKeys,
  now: number,
): Promise<Reservation> {
  const address = await store.get(keys.address);
  if (
    address &&
    now - address.lastFailedAt < ADDRESS_WINDOW_SECONDS &&
    address.failures >= ADDRESS_FAILURE_LIMIT
  ) {
    return { allowed: false, retryAfterSeconds: address.lastFailedAt + ADDRESS_WINDOW_SECONDS - now };
  }
  const device = keys.device === undefined ? undefined : await store.get(keys.device);
  const trustedDevice =
    keys.device !== undefined &&
    (device === undefined ||
      device.failures < DEVICE_FAILURE_LIMIT ||
      now - device.lastFailedAt >= MAX_WAIT_SECONDS);
  if (!trustedDevice) {
    const global = await store.get(keys.account);
    const globalWait =
      global && global.failures >= ACCOUNT_FAILURE_LIMIT ? global.lastFailedAt + MAX_WAIT_SECONDS - now : 0;
    if (globalWait > 0) return { allowed: false, retryAfterSeconds: globalWait };
  }

  // Compare-and-set on the per-account-and-address count. A concurrent attempt (a double submit, a second tab) that
  // loses the race re-reads and tries again, so it is serialised behind the winner rather than refused; every
  // retry re-applies the wait, so a burst still cannot pass more attempts than the count allows.
  for (let round = 0; round < MAX_RESERVATION_ROUNDS; round++) {
    const local = await store.get(keys.accountFromAddress);
    const localFailures = local?.failures ?? 0;
    const localWait = local ? local.lastFailedAt + waitAfter(localFailures, FREE_FAILURES) - now : 0;
    if (localWait > 0) return { allowed: false, retryAfterSeconds: localWait };
    if (await store.reserveAttempt(keys.accountFromAddress, localFailures, now)) {
      await store.recordFailure(keys.account, now);
      if (keys.device !== undefined) await store.recordFailure(keys.device, now);
      if (address && now - address.lastFailedAt >= ADDRESS_WINDOW_SECONDS) await store.clear(keys.address);
      await store.recordFailure(keys.address, now);
      return { allowed: true };
    }
  }
  return { allowed: false, retryAfterSeconds: 1 };
}

/** Requests a network may make per fixed window: a cap on forms that cost the server work or send mail. */
export interface RequestLimit {
  /** Names the counter, e.g. "signup" or "reset". */
  kind: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts one request of `limit.kind` from the client's network (an IPv6 /64) in the current fixed window, atomically
 * (concurrent requests cannot slip past), and says whether it is within the limit.
 */
export async function countNetworkRequest(
  store: LoginThrottleStore,
  limit: RequestLimit,
  clientAddress: string,
  now: number,
): Promise<Reservation> {
  const window = Math.floor(now / limit.windowSeconds);
  const key = `${limit.kind}-address:${throttledNetwork(clientAddress)}:${window}`;
  const count = await store.recordFailure(key, now);
  if (count.failures <= limit.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: (window + 1) * limit.windowSeconds - now };
}

/** The account's password was set anew (a reset, an administrator): failed guesses at the old one are forgotten. */
export async function forgetAccountFailures(
  store: LoginThrottleStore,
  normalizedEmail: string,
): Promise<void> {
  await store.clear(accountKey(normalizedEmail));
}

/** The reserved attempt succeeded: the account's counts start again, the address gets its attempt back. */
export async function forgiveSignInAttempt(store: LoginThrottleStore, keys: ThrottleKeys): Promise<void> {
  await store.clear(keys.accountFromAddress);
  await store.clear(keys.account);
  if (keys.device !== undefined) await store.clear(keys.device);
  await store.forgiveOne(keys.address);
}
