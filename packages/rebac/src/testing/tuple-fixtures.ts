// Small helpers the conformance cases share.
import type { TupleKey } from '../tuples/tuple-key.js';
import type { Revision, TupleIdentity, TupleStore } from '../tuples/tuple-store.js';

export function key(object: string, relation: string, user: string): TupleKey {
  return { object, relation, user };
}

/** Writes and deletes; fails unless the store reports `written`. Returns the revision. */
export async function written(
  store: TupleStore,
  writes: readonly TupleKey[],
  deletes: readonly TupleIdentity[] = [],
): Promise<Revision> {
  const outcome = await store.write({ writes, deletes });
  if (outcome.outcome !== 'written') throw new Error(`write failed: ${JSON.stringify(outcome)}`);
  return outcome.revision;
}

export function sortedUsers(tuples: readonly TupleKey[]): string[] {
  return tuples.map((tuple) => tuple.user).sort();
}
