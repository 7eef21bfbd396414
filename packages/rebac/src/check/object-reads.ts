// Check's batched reads of one object, for stores with round trips (PostgreSQL): when Check first resolves a
// relation on an object, every read it can make on that object (the type restrictions of the relations that can
// lead to the user, the tuplesets their rewrites follow) is made in one store call and kept in the scope for the
// request. A document then costs one statement for viewer, editor, owner and parent instead of four, and so does
// each folder above it. The reads are the ones LocalChecker would make, with the same filters, so the answers cannot
// change; when a batched read fails, each step makes its single read instead, which fails (or not) as before.
import type { CompiledModel, RelationInfo } from '../model/compiled-model.js';
import type { Userset } from '../model/model-json.js';
import type { TupleKey } from '../tuples/tuple-key.js';
import type { ObjectRelationRead } from '../tuples/tuple-store.js';
import type { CheckScope } from './check-resolver.js';
import { canReach, type DirectPlan, directPlan, directUsers } from './direct-plan.js';

/** One relation read on the object: its type restriction (`plan`), or, for a tupleset, every tuple. */
interface ObjectReadPart {
  readonly relation: string;
  readonly plan: DirectPlan | undefined;
}

const objectPlans = new WeakMap<CompiledModel, Map<string, readonly ObjectReadPart[]>>();

/**
 * The reads Check can make on an object of `type` for the scope's kind of user: the type restriction of every
 * relation that can lead to the user (pruned as LocalChecker prunes), and every tupleset their rewrites follow, each
 * relation once. All of them, not only those of the relation first asked: a document's `viewer` asks its folder for
 * `owner` first (owner from parent, depth first), then `editor`, then `viewer`, and one read should serve all three.
 * A relation that is some TTU's tupleset is read whole, never as a restriction, so each relation has one kind of read.
 */
function objectPlan(scope: CheckScope, type: string): readonly ObjectReadPart[] {
  let byType = objectPlans.get(scope.model);
  if (!byType) {
    byType = new Map();
    objectPlans.set(scope.model, byType);
  }
  const key = `${type} ${scope.userTypeRef}`;
  let plan = byType.get(key);
  if (plan) return plan;
  const parts: ObjectReadPart[] = [];
  const read = new Set<string>();
  const visit = (relation: RelationInfo, node: Userset): void => {
    if (node.this) {
      if (relation.isTupleset || read.has(relation.name)) return;
      read.add(relation.name);
      const direct = directPlan(scope, relation);
      if (direct.parts.length > 0) parts.push({ relation: relation.name, plan: direct });
      return;
    }
    const tupleset = node.tupleToUserset?.tupleset.relation;
    if (tupleset !== undefined) {
      if (!read.has(tupleset)) {
        read.add(tupleset);
        parts.push({ relation: tupleset, plan: undefined });
      }
      return;
    }
    for (const child of node.union?.child ?? node.intersection?.child ?? []) visit(relation, child);
    if (node.difference) {
      visit(relation, node.difference.base);
      visit(relation, node.difference.subtract);
    }
  };
  for (const relation of scope.model.relationsOf(type))
    if (canReach(scope, type, relation.name)) visit(relation, relation.rewrite);
  plan = parts;
  byType.set(key, plan);
  return plan;
}

/** Makes the batched read of `object` (of `type`) unless everything it would read is already known. */
export function readObject(scope: CheckScope, object: string, type: string): void {
  const reader = scope.objectReader;
  if (!reader) return;
  const plan = objectPlan(scope, type);
  if (plan.length === 0) return;
  let known = scope.objectTuples.get(object);
  const missing = known ? plan.filter((part) => !known?.has(part.relation)) : plan;
  if (missing.length === 0) return;
  const reads: ObjectRelationRead[] = missing.map((part) =>
    part.plan
      ? {
          relation: part.relation,
          restriction: { users: directUsers(scope, part.plan), usersetTypes: part.plan.usersets },
        }
      : { relation: part.relation },
  );
  // A failed batch leaves undefined behind: each step then makes its single read, which fails (or not) as before.
  const pending = reader.readObjectRelations(object, reads, scope.readOptions).then(
    (found) => found,
    () => undefined,
  );
  if (!known) {
    known = new Map();
    scope.objectTuples.set(object, known);
  }
  for (let index = 0; index < missing.length; index++) {
    const part = missing[index] as ObjectReadPart;
    known.set(
      part.relation,
      pending.then((found) => found?.[index]),
    );
  }
}

/** What the batched read found for `object#relation`: a promise of its tuples (undefined: read it singly), or undefined. */
export function knownTuples(
  scope: CheckScope,
  object: string,
  relation: string,
): Promise<readonly TupleKey[] | undefined> | undefined {
  return scope.objectTuples.get(object)?.get(relation);
}
