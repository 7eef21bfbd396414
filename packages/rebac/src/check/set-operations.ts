// OpenFGA's reducers for union, intersection and exclusion, including how cycles and errors combine: a definite
// answer (true for a union, false for an intersection) wins over an error in another branch. Branches are evaluated
// in order, one at a time; a branch answered synchronously keeps the whole reduction synchronous, and the first
// promise hands the rest to an async continuation with the same rules.
import type { CheckOutcome, MaybePromise } from './check-resolver.js';

export type Branch = () => MaybePromise<CheckOutcome>;

export const ALLOWED: CheckOutcome = Object.freeze({ allowed: true });
export const DENIED: CheckOutcome = Object.freeze({ allowed: false });
export const DENIED_CYCLE: CheckOutcome = Object.freeze({ allowed: false, cycle: true });

const callBranch = (branch: Branch): MaybePromise<CheckOutcome> => branch();

/** Allowed as soon as one branch is; otherwise the first error, otherwise denied (marked cycle if any was). */
export function union(branches: readonly Branch[]): MaybePromise<CheckOutcome> {
  return unionOf(branches, callBranch);
}

/** `union` over `evaluate(item)` for each item, without a closure per item. */
export function unionOf<T>(
  items: readonly T[],
  evaluate: (item: T) => MaybePromise<CheckOutcome>,
): MaybePromise<CheckOutcome> {
  let error: unknown;
  let failed = false;
  let cycle = false;
  for (let index = 0; index < items.length; index++) {
    let outcome: MaybePromise<CheckOutcome>;
    try {
      outcome = evaluate(items[index] as T);
    } catch (caught) {
      if (!failed) error = caught;
      failed = true;
      continue;
    }
    if (outcome instanceof Promise) return unionRest(items, evaluate, index, outcome, error, failed, cycle);
    if (outcome.allowed) return outcome;
    if (outcome.cycle) cycle = true;
  }
  if (failed) throw error;
  return cycle ? DENIED_CYCLE : DENIED;
}

async function unionRest<T>(
  items: readonly T[],
  evaluate: (item: T) => MaybePromise<CheckOutcome>,
  start: number,
  pending: Promise<CheckOutcome>,
  error: unknown,
  failed: boolean,
  cycle: boolean,
): Promise<CheckOutcome> {
  for (let index = start; index < items.length; index++) {
    try {
      const outcome = index === start ? await pending : await evaluate(items[index] as T);
      if (outcome.allowed) return outcome;
      if (outcome.cycle) cycle = true;
    } catch (caught) {
      if (!failed) error = caught;
      failed = true;
    }
  }
  if (failed) throw error;
  return cycle ? DENIED_CYCLE : DENIED;
}

/** Denied as soon as one branch is denied or cyclic; otherwise the first error, otherwise allowed. */
export function intersection(branches: readonly Branch[]): MaybePromise<CheckOutcome> {
  return intersectionOf(branches, callBranch);
}

export function intersectionOf<T>(
  items: readonly T[],
  evaluate: (item: T) => MaybePromise<CheckOutcome>,
): MaybePromise<CheckOutcome> {
  let error: unknown;
  let failed = false;
  for (let index = 0; index < items.length; index++) {
    let outcome: MaybePromise<CheckOutcome>;
    try {
      outcome = evaluate(items[index] as T);
    } catch (caught) {
      if (!failed) error = caught;
      failed = true;
      continue;
    }
    if (outcome instanceof Promise) return intersectionRest(items, evaluate, index, outcome, error, failed);
    if (!outcome.allowed || outcome.cycle) return outcome.cycle ? DENIED_CYCLE : DENIED;
  }
  if (failed) throw error;
  return ALLOWED;
}

async function intersectionRest<T>(
  items: readonly T[],
  evaluate: (item: T) => MaybePromise<CheckOutcome>,
  start: number,
  pending: Promise<CheckOutcome>,
  error: unknown,
  failed: boolean,
): Promise<CheckOutcome> {
  for (let index = start; index < items.length; index++) {
    try {
      const outcome = index === start ? await pending : await evaluate(items[index] as T);
      if (!outcome.allowed || outcome.cycle) return outcome.cycle ? DENIED_CYCLE : DENIED;
    } catch (caught) {
      if (!failed) error = caught;
      failed = true;
    }
  }
  if (failed) throw error;
  return ALLOWED;
}

/** Allowed when the base is and the subtract is not; a cycle on either side denies, as in OpenFGA. */
export function exclusion(base: Branch, subtract: Branch): MaybePromise<CheckOutcome> {
  let baseError: unknown;
  let baseFailed = false;
  let outcome: MaybePromise<CheckOutcome> | undefined;
  try {
    outcome = base();
  } catch (caught) {
    baseError = caught;
    baseFailed = true;
  }
  if (outcome instanceof Promise) return exclusionAsync(outcome, subtract);
  if (outcome && (!outcome.allowed || outcome.cycle)) return outcome.cycle ? DENIED_CYCLE : DENIED;
  let second: MaybePromise<CheckOutcome>;
  try {
    second = subtract();
  } catch (caught) {
    if (!baseFailed) throw caught;
    throw baseError;
  }
  if (second instanceof Promise) return subtractAsync(second, baseFailed, baseError);
  if (second.allowed || second.cycle) return second.cycle ? DENIED_CYCLE : DENIED;
  if (baseFailed) throw baseError;
  return ALLOWED;
}

async function exclusionAsync(base: Promise<CheckOutcome>, subtract: Branch): Promise<CheckOutcome> {
  let baseError: unknown;
  let baseFailed = false;
  try {
    const outcome = await base;
    if (!outcome.allowed || outcome.cycle) return outcome.cycle ? DENIED_CYCLE : DENIED;
  } catch (caught) {
    baseError = caught;
    baseFailed = true;
  }
  let second: MaybePromise<CheckOutcome>;
  try {
    second = subtract();
  } catch (caught) {
    if (!baseFailed) throw caught;
    throw baseError;
  }
  return subtractAsync(second, baseFailed, baseError);
}

async function subtractAsync(
  subtract: MaybePromise<CheckOutcome>,
  baseFailed: boolean,
  baseError: unknown,
): Promise<CheckOutcome> {
  try {
    const outcome = await subtract;
    if (outcome.allowed || outcome.cycle) return outcome.cycle ? DENIED_CYCLE : DENIED;
  } catch (caught) {
    if (!baseFailed) throw caught;
  }
  if (baseFailed) throw baseError;
  return ALLOWED;
}
