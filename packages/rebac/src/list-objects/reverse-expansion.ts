// Walks the compiled graph backwards from a user, breadth first: every object#relation the user may hold, through
// the store's user index, only through the relations `wanted` names (those the target depends on), along tuples
// the model admits and whose conditions hold. ListObjects and Check's user-side sets both walk it.

import type { ConditionContext } from '../conditions/compile-condition.js';
import { tupleConditionHolds } from '../conditions/tuple-condition.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import type { UserRef } from '../tuples/tuple-key.js';
import { typeOf, userTypeReference } from '../tuples/tuple-key.js';
import type { ReadOptions, RelationshipReader } from '../tuples/tuple-store.js';

export interface ReverseExpansion {
  readonly model: CompiledModel;
  readonly reader: RelationshipReader;
  readonly readOptions: ReadOptions;
  readonly context: ConditionContext | undefined;
  readonly user: string;
  readonly userRef: UserRef;
  /** `type#relation` keys the walk may pass through. */
  readonly wanted: ReadonlySet<string>;
}

export interface ReachedNode {
  readonly object: string;
  readonly relation: string;
  /** Steps from the user (each tuple, computed relation or parent link counts one). */
  readonly depth: number;
}

type Item =
  | { readonly subject: string; readonly typeRef: string; readonly depth: number }
  | {
      readonly subject?: undefined;
      readonly object: string;
      readonly relation: string;
      readonly depth: number;
    };

/** Yields each reached object#relation once, nearest first. A condition that cannot be evaluated raises 2000. */
export async function* reverseExpand(walk: ReverseExpansion): AsyncGenerator<ReachedNode, void, undefined> {
  const { model, reader, readOptions, wanted } = walk;
  const queue: Item[] = [];
  const seen = new Set<string>();
  const holds = (tuple: Parameters<typeof tupleConditionHolds>[1]) =>
    isTupleReadable(model, tuple) && tupleConditionHolds(model, tuple, walk.context);
  const addNode = (object: string, relation: string, depth: number): void => {
    const key = `${object}#${relation}`;
    if (!wanted.has(`${typeOf(object)}#${relation}`) || seen.has(key)) return;
    seen.add(key);
    queue.push({ object, relation, depth });
  };
  const addSubject = (subject: string, typeRef: string, depth: number): void => {
    const key = `@${subject}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push({ subject, typeRef, depth });
  };

  addSubject(walk.user, userTypeReference(walk.userRef), 0);
  if (walk.userRef.kind === 'object') addSubject(`${walk.userRef.type}:*`, `${walk.userRef.type}:*`, 0);
  if (walk.userRef.kind === 'userset')
    addNode(`${walk.userRef.type}:${walk.userRef.id}`, walk.userRef.relation, 0);

  for (let head = 0; head < queue.length; head++) {
    const item = queue[head] as Item;
    if (item.subject !== undefined) {
      for (const includer of model.directIncluders(item.typeRef)) {
        if (!wanted.has(`${includer.type}#${includer.relation}`)) continue;
        for (const tuple of await reader.readByUser(
          item.subject,
          includer.relation,
          includer.type,
          readOptions,
        )) {
          if (holds(tuple)) addNode(tuple.object, includer.relation, item.depth + 1);
        }
      }
      continue;
    }
    const { object, relation, depth } = item;
    yield item;
    const type = typeOf(object);
    for (const computed of model.computedIncluders(type, relation)) addNode(object, computed, depth + 1);
    for (const edge of model.ttuIncluders(type, relation)) {
      if (!wanted.has(`${edge.type}#${edge.relation}`)) continue;
      for (const tuple of await reader.readByUser(object, edge.tupleset, edge.type, readOptions)) {
        if (holds(tuple)) addNode(tuple.object, edge.relation, depth + 1);
      }
    }
    addSubject(`${object}#${relation}`, `${type}#${relation}`, depth);
  }
}
