// What Check reads for a relation's type restriction (`[user, user:*, team#member]`) for one kind of user, worked out
// once per relation and user type from the compiled graph, and the graph's pruning (canReach) it rests on.
import type { RelationInfo } from '../model/compiled-model.js';
import type { CheckScope } from './check-resolver.js';

/** The parts of a `[user, user:*, group#member]` restriction, in the order they are tried. */
export enum DirectPart {
  /** The user's own tuple: one point read. */
  User,
  /** The type's wildcard tuple (`user:*`): one point read. */
  Wildcard,
  /** The userset tuples (`group:eng#member`) that can lead to the user: one read, then a dispatch for each. */
  Usersets,
}

/** What a direct restriction needs for one kind of user, worked out once per relation and user type. */
export interface DirectPlan {
  readonly parts: readonly DirectPart[];
  /** Whether the user's own type is restricted (a point read for the user). */
  readonly user: boolean;
  /** The wildcard to read (`user:*`) when the restriction admits it. */
  readonly wildcard: string | undefined;
  /** `[wildcard]`, or none. */
  readonly wildcards: readonly string[];
  readonly usersets: ReadonlySet<string>;
}

const directPlans = new WeakMap<RelationInfo, Map<string, DirectPlan>>();

/** The relation's direct plan for the scope's kind of user: which point reads, and which usersets can lead to it. */
export function directPlan(scope: CheckScope, info: RelationInfo): DirectPlan {
  let byUser = directPlans.get(info);
  if (!byUser) {
    byUser = new Map();
    directPlans.set(info, byUser);
  }
  // The user's type reference (`user`, `user:*`, `team#member`) determines the plan: it names the kind of user,
  // its type and, for a userset, its relation, which is all canReach and the wildcard depend on.
  const key = scope.userTypeRef;
  let plan = byUser.get(key);
  if (!plan) {
    const usersets = new Set(
      info.directUsersets
        .filter((userset) => canReach(scope, userset.type, userset.relation))
        .map((userset) => `${userset.type}#${userset.relation}`),
    );
    const wildcard = scope.userRef.kind === 'object' ? `${scope.userRef.type}:*` : undefined;
    const parts: DirectPart[] = [];
    const user = info.directTypeRefs.has(scope.userTypeRef);
    if (user) parts.push(DirectPart.User);
    const admitted = wildcard && info.directTypeRefs.has(wildcard) ? wildcard : undefined;
    if (admitted) parts.push(DirectPart.Wildcard);
    if (usersets.size > 0) parts.push(DirectPart.Usersets);
    plan = { parts, user, wildcard: admitted, wildcards: admitted ? [admitted] : [], usersets };
    byUser.set(key, plan);
  }
  return plan;
}

/** Whether some path of `type#relation` can lead to the scope's user at all (the compiled graph's pruning). */
export function canReach(scope: CheckScope, type: string, relation: string): boolean {
  const reachable = scope.model.reachableUserTypes(type, relation);
  if (reachable.has(scope.userTypeRef)) return true;
  const user = scope.userRef;
  if (user.kind === 'object' && reachable.has(`${user.type}:*`)) return true;
  return user.kind === 'userset' && user.type === type && user.relation === relation;
}

/** The users whose own tuples the restriction reads: the scope's user and the wildcard, as the plan admits them. */
export function directUsers(scope: CheckScope, plan: DirectPlan): readonly string[] {
  if (!plan.user) return plan.wildcards;
  return plan.wildcard ? [scope.user, plan.wildcard] : [scope.user];
}
