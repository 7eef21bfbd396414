// Expand: one level of the userset tree of object#relation, in OpenFGA's shape (leaf users, computed usersets,
// tuple-to-userset, union / intersection / difference nodes), for debugging models and for the Expand API.
import { ErrorCode, RebacError, relationNotFound, typeNotFound } from '../errors.js';
import type { RelationInfo } from '../model/compiled-model.js';
import type { Userset } from '../model/model-json.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import { prepareQuery, type QueryOptions, type QueryTarget } from '../query/query-request.js';
import { parseObject } from '../tuples/tuple-key.js';
import type { ReadOptions, RelationshipReader } from '../tuples/tuple-store.js';

export interface ExpandRequest extends QueryOptions {
  readonly object: string;
  readonly relation: string;
}

export type UsersetTreeLeaf =
  | { readonly users: { readonly users: readonly string[] } }
  | { readonly computed: { readonly userset: string } }
  | {
      readonly tupleToUserset: {
        readonly tupleset: string;
        readonly computed: readonly { readonly userset: string }[];
      };
    };

export interface UsersetTreeNode {
  readonly name: string;
  readonly leaf?: UsersetTreeLeaf;
  readonly union?: { readonly nodes: readonly UsersetTreeNode[] };
  readonly intersection?: { readonly nodes: readonly UsersetTreeNode[] };
  readonly difference?: { readonly base: UsersetTreeNode; readonly subtract: UsersetTreeNode };
}

export interface ExpandResponse {
  readonly tree: { readonly root: UsersetTreeNode };
}

export async function expand(deps: QueryTarget, request: ExpandRequest): Promise<ExpandResponse> {
  const object = parseObject(request.object);
  if (!object) throw new RebacError(ErrorCode.invalid_expand_input, `invalid object '${request.object}'`);
  if (!deps.model.hasType(object.type)) throw typeNotFound(object.type);
  const info = deps.model.relation(object.type, request.relation);
  if (!info) throw relationNotFound(object.type, request.relation);
  const prepared = await prepareQuery(deps, request);
  const walker = { deps, reader: prepared.reader, options: prepared.readOptions };
  return { tree: { root: await expandRewrite(walker, request.object, info, info.rewrite) } };
}

interface Walker {
  readonly deps: QueryTarget;
  readonly reader: RelationshipReader;
  readonly options: ReadOptions;
}

async function expandRewrite(
  walker: Walker,
  object: string,
  info: RelationInfo,
  rewrite: Userset,
): Promise<UsersetTreeNode> {
  const name = `${object}#${info.name}`;
  if (rewrite.this) {
    const tuples = await walker.reader.readByObjectRelation(object, info.name, undefined, walker.options);
    const users = tuples
      .filter((tuple) => isTupleReadable(walker.deps.model, tuple))
      .map((tuple) => tuple.user);
    return { name, leaf: { users: { users } } };
  }
  if (rewrite.computedUserset?.relation) {
    return { name, leaf: { computed: { userset: `${object}#${rewrite.computedUserset.relation}` } } };
  }
  if (rewrite.tupleToUserset) {
    const tupleset = rewrite.tupleToUserset.tupleset.relation ?? '';
    const computedRelation = rewrite.tupleToUserset.computedUserset.relation ?? '';
    const tuples = await walker.reader.readByObjectRelation(object, tupleset, undefined, walker.options);
    const computed = tuples
      .filter((tuple) => isTupleReadable(walker.deps.model, tuple))
      .filter((tuple) => {
        const parent = parseObject(tuple.user);
        return (
          parent !== undefined && walker.deps.model.relation(parent.type, computedRelation) !== undefined
        );
      })
      .map((tuple) => ({ userset: `${tuple.user}#${computedRelation}` }));
    return { name, leaf: { tupleToUserset: { tupleset: `${object}#${tupleset}`, computed } } };
  }
  const children = async (list: readonly Userset[]) =>
    Promise.all(list.map((child) => expandRewrite(walker, object, info, child)));
  if (rewrite.union) return { name, union: { nodes: await children(rewrite.union.child) } };
  if (rewrite.intersection)
    return { name, intersection: { nodes: await children(rewrite.intersection.child) } };
  if (rewrite.difference) {
    const [base, subtract] = await children([rewrite.difference.base, rewrite.difference.subtract]);
    return { name, difference: { base: base as UsersetTreeNode, subtract: subtract as UsersetTreeNode } };
  }
  return { name };
}
