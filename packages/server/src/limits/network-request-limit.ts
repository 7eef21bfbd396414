// A cap on requests per client network in fixed windows, for forms that cost the server work or send mail (sign-up,
// password reset).
import { throttledNetwork } from './client-network.js';
import type { CounterStore } from './counter-store.js';
import type { LimitDecision } from './limit-decision.js';
import { countInWindow, type WindowLimit } from './window-limit.js';

/** Requests a network may make per fixed window. */
export interface RequestLimit extends WindowLimit {
  /** Names the counter, e.g. "signup" or "reset". */
  kind: string;
}

/**
 * Counts one request of `limit.kind` from the client's network (an IPv6 /64) in the current fixed window, atomically
 * (concurrent requests cannot slip past), and says whether it is within the limit.
 */
export async function countNetworkRequest(
  counters: CounterStore,
  limit: RequestLimit,
  clientAddress: string,
  now: number,
): Promise<LimitDecision> {
  const subject = `${limit.kind}-address:${throttledNetwork(clientAddress)}`;
  const counted = await countInWindow(counters, limit, subject, now);
  return counted.allowed
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: counted.retryAfterSeconds };
}
