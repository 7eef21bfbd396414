// Usersets resolved from the user's side (OpenFGA's recursive userset fast path, SpiceDB's reverse lookup): for a
// relation that is only directly assigned, with usersets of such relations only (`member: [user, team#member]`), the
// objects on which the user holds it are found by reading up from the user (reverse index: user, relation, object
// type), breadth first with a visited set, once per request. Every userset tuple met afterwards (`team:eng#member` on
// a folder) is then a lookup in that set instead of a dispatch that expands the team and its nested teams.
//
// Each object is kept with its level (0: the user's own tuple, 1: through one nested userset, ...): the forward
// walk would need that many dispatches more, so LocalChecker only answers from here when the forward walk would not
// have gone past the resolution depth; past MAX_LEVELS the walk stops and says so (`truncated`).

import type { RelationInfo } from '../model/compiled-model.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import type { TupleKey } from '../tuples/tuple-key.js';
import type { CheckScope, MaybePromise } from './check-resolver.js';

/** For each relation of a closure (`team#member`), the objects the user holds it on, with their level. */
export interface UserSideMemberships {
  readonly levels: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Whether the walk stopped at MAX_LEVELS with usersets left to read: then an absent object proves nothing. */
  readonly truncated: boolean;
}

/** Levels walked at most: OpenFGA's default resolution depth, past which the forward walk raises 2002 anyway. */
export const MAX_LEVELS = 25;

interface Subject {
  readonly user: string;
  /** Its type reference (`user`, `user:*`, `team#member`), to find the relations that admit it. */
  readonly typeRef: string;
}

type ReadByUser = (user: string, relation: string, objectType: string) => MaybePromise<readonly TupleKey[]>;

/**
 * The memberships of the scope's user (an object such as `user:anne`) in `closure`, computed once per request and
 * kept in the scope; synchronous when the scope's reads are.
 */
export function userSideMemberships(
  scope: CheckScope,
  closure: readonly RelationInfo[],
): MaybePromise<UserSideMemberships> | undefined {
  const root = closure[0] as RelationInfo;
  const key = `${root.type}#${root.name}`;
  const known = scope.memberships.get(key);
  if (known !== undefined) return known;
  let read: ReadByUser;
  let sync = false;
  if (scope.syncReader) {
    const reverse = scope.syncReader.readByUserSync;
    // Synchronous forward reads without a synchronous reverse one: keep the whole check synchronous instead.
    if (!reverse) return undefined;
    read = (user, relation, objectType) =>
      reverse.call(scope.syncReader, user, relation, objectType, scope.readOptions);
    sync = true;
  } else {
    read = (user, relation, objectType) =>
      scope.reader.readByUser(user, relation, objectType, scope.readOptions);
  }
  const user = scope.userRef;
  const start: Subject[] = [{ user: scope.user, typeRef: scope.userTypeRef }];
  if (user.kind === 'object') start.push({ user: `${user.type}:*`, typeRef: `${user.type}:*` });
  const result = sync ? walkSync(scope, closure, start, read) : walkAsync(scope, closure, start, read);
  scope.memberships.set(key, result);
  if (result instanceof Promise) result.catch(() => scope.memberships.delete(key));
  return result;
}

/** The relations of the closure whose restrictions admit the subject's type reference. */
function admitting(closure: readonly RelationInfo[], subject: Subject): RelationInfo[] {
  return closure.filter((info) => info.directTypeRefs.has(subject.typeRef));
}

/** Records the objects a subject's tuples lead to; the new ones become the next level's subjects. */
function collect(
  scope: CheckScope,
  levels: Map<string, Map<string, number>>,
  info: RelationInfo,
  tuples: readonly TupleKey[],
  level: number,
  next: Subject[],
): void {
  const relationKey = `${info.type}#${info.name}`;
  let objects = levels.get(relationKey);
  if (!objects) {
    objects = new Map();
    levels.set(relationKey, objects);
  }
  for (const tuple of tuples) {
    if (objects.has(tuple.object) || !isTupleReadable(scope.model, tuple)) continue;
    objects.set(tuple.object, level);
    next.push({ user: `${tuple.object}#${info.name}`, typeRef: relationKey });
  }
}

function walkSync(
  scope: CheckScope,
  closure: readonly RelationInfo[],
  start: Subject[],
  read: ReadByUser,
): UserSideMemberships {
  const levels = new Map<string, Map<string, number>>();
  let subjects = start;
  let level = 0;
  for (; subjects.length > 0 && level < MAX_LEVELS; level++) {
    const next: Subject[] = [];
    for (const subject of subjects) {
      for (const info of admitting(closure, subject)) {
        const tuples = read(subject.user, info.name, info.type) as readonly TupleKey[];
        collect(scope, levels, info, tuples, level, next);
      }
    }
    subjects = next;
  }
  return { levels, truncated: subjects.length > 0 };
}

async function walkAsync(
  scope: CheckScope,
  closure: readonly RelationInfo[],
  start: Subject[],
  read: ReadByUser,
): Promise<UserSideMemberships> {
  const levels = new Map<string, Map<string, number>>();
  let subjects = start;
  let level = 0;
  for (; subjects.length > 0 && level < MAX_LEVELS; level++) {
    // One level's reads together: a round trip per level rather than per userset.
    const reads = subjects.flatMap((subject) =>
      admitting(closure, subject).map(async (info) => ({
        info,
        tuples: await read(subject.user, info.name, info.type),
      })),
    );
    const next: Subject[] = [];
    for (const { info, tuples } of await Promise.all(reads))
      collect(scope, levels, info, tuples, level, next);
    subjects = next;
  }
  return { levels, truncated: subjects.length > 0 };
}
