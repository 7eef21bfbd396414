// OpenFGA's reducers for union, intersection and exclusion, including how cycles and errors combine: a definite
// answer (true for a union, false for an intersection) wins over an error in another branch.
import type { CheckOutcome } from './check-resolver.js';

export type Branch = () => Promise<CheckOutcome>;

export const ALLOWED: CheckOutcome = Object.freeze({ allowed: true });
export const DENIED: CheckOutcome = Object.freeze({ allowed: false });
export const DENIED_CYCLE: CheckOutcome = Object.freeze({ allowed: false, cycle: true });

/** Allowed as soon as one branch is; otherwise the first error, otherwise denied (marked cycle if any was). */
export async function union(branches: readonly Branch[]): Promise<CheckOutcome> {
  let error: unknown;
  let failed = false;
  let cycle = false;
  for (const branch of branches) {
    try {
      const outcome = await branch();
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
export async function intersection(branches: readonly Branch[]): Promise<CheckOutcome> {
  let error: unknown;
  let failed = false;
  for (const branch of branches) {
    try {
      const outcome = await branch();
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
export async function exclusion(base: Branch, subtract: Branch): Promise<CheckOutcome> {
  let baseError: unknown;
  let baseFailed = false;
  try {
    const outcome = await base();
    if (!outcome.allowed || outcome.cycle) return outcome.cycle ? DENIED_CYCLE : DENIED;
  } catch (caught) {
    baseError = caught;
    baseFailed = true;
  }
  try {
    const outcome = await subtract();
    if (outcome.allowed || outcome.cycle) return outcome.cycle ? DENIED_CYCLE : DENIED;
  } catch (caught) {
    if (!baseFailed) throw caught;
  }
  if (baseFailed) throw baseError;
  return ALLOWED;
}
