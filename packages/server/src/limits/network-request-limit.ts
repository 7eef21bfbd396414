// A cap on requests per client network in fixed windows, for forms that cost the server work or send mail (sign-up,
// password reset).
import { throttledNetwork } from './client-network.js';
import type { CounterStore } from './counter-store.js';
import type { LimitDecision } from './limit-decision.js';

/** Requests a network may make per fixed window. */
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
  counters: CounterStore,
  limit: RequestLimit,
  clientAddress: string,
  now: number,
): Promise<LimitDecision> {
  const window = Math.floor(now / limit.windowSeconds);
  const key = `${limit.kind}-address:${throttledNetwork(clientAddress)}:${window}`;
  const counter = await counters.increment(key, now);
  if (counter.count <= limit.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: (window + 1) * limit.windowSeconds - now };
}
