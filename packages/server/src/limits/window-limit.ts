// A cap on events under one subject (a network, an account) in fixed windows: the events are counted atomically
// before the work they stand for, so concurrent requests cannot slip past the cap.
import type { CounterStore } from './counter-store.js';
import type { LimitDecision } from './limit-decision.js';

/** Events a subject may have per fixed window. */
export interface WindowLimit {
  max: number;
  windowSeconds: number;
}

/** A counted event: the decision, and the counter it was counted under (to take it back with `uncount`). */
export type CountedEvent = LimitDecision & { counterKey: string };

/**
 * Counts one event under `subjectKey` in the window `now` falls in and says whether it is within `limit`; an event
 * past the cap is counted too (the count only tells the cap was reached). Retry-After is the window's end.
 */
export async function countInWindow(
  counters: CounterStore,
  limit: WindowLimit,
  subjectKey: string,
  now: number,
): Promise<CountedEvent> {
  const window = Math.floor(now / limit.windowSeconds);
  const counterKey = `${subjectKey}:${window}`;
  const counter = await counters.increment(counterKey, now);
  if (counter.count <= limit.max) return { allowed: true, counterKey };
  return { allowed: false, retryAfterSeconds: (window + 1) * limit.windowSeconds - now, counterKey };
}

/** Takes back an event counted by countInWindow (one that turned out not to count, such as a success). */
export async function uncount(counters: CounterStore, event: CountedEvent): Promise<void> {
  await counters.decrement(event.counterKey);
}
