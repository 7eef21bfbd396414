// A validated model compiled once into the typed graph the resolvers consult: each relation's rewrite and type
// restrictions, which user types each relation can reach (to prune), which relations are recursive, and the
// reverse edges ListObjects walks.

import { type CompiledCondition, compileCondition } from '../conditions/compile-condition.js';
import { ulid } from '../ids.js';
import { getOrCreate } from '../map-utils.js';
import type { AuthorizationModelJson, RelationReference, Userset } from './model-json.js';

export interface RelationInfo {
  readonly type: string;
  readonly name: string;
  readonly rewrite: Userset;
  readonly directTypes: readonly RelationReference[];
  /** Type references (`user`, `user:*`, `group#member`) a stored tuple's user may have. */
  readonly directTypeRefs: ReadonlySet<string>;
  /** Usersets among the type restrictions (`group#member`). */
  readonly directUsersets: readonly { readonly type: string; readonly relation: string }[];
  /** Whether some TTU of the type reads this relation as its tupleset. */
  readonly isTupleset: boolean;
  /** reachableUserTypes of this relation. */
  readonly reachable: ReadonlySet<string>;
}

/** A ListObjects reverse edge: a tuple (or a computed relation) that lets `source` contribute to `type#relation`. */
export interface ReverseTtuEdge {
  readonly type: string;
  readonly relation: string;
  readonly tupleset: string;
}

/** An immutable, compiled authorization model version. */
export class CompiledModel {
  readonly id: string;
  readonly json: AuthorizationModelJson;
  readonly #relations = new Map<string, RelationInfo>();
  /** The same relations by type, then name: the hot lookups avoid building `type#relation` keys. */
  readonly #byType = new Map<string, Map<string, RelationInfo>>();
  readonly #types = new Set<string>();
  readonly #conditions = new Map<string, CompiledCondition>();
  readonly #validShapes = new Map<string, Set<string>>();
  readonly #reachable = new Map<string, Set<string>>();
  readonly #recursive = new Set<string>();
  /** typeRef of a tuple user -> relations whose restrictions admit it. */
  readonly #directIncluders = new Map<string, { type: string; relation: string }[]>();
  /** type#relation -> relations of the same type that compute from it (outside any subtract). */
  readonly #computedIncluders = new Map<string, string[]>();
  /** type#relation (the computed relation of a TTU, on the parent's type) -> the TTU relations that use it. */
  readonly #ttuIncluders = new Map<string, ReverseTtuEdge[]>();
  readonly #dependencies = new Map<string, Set<string>>();
  readonly #monotonic = new Map<string, boolean>();
  /** type#relation -> its userset closure, for the relations Check may resolve from the user's side. */
  readonly #usersetClosures = new Map<string, readonly RelationInfo[]>();

  /** Compiles a model already validated by validateModelJson. Conditions compile here (2056 if one is invalid). */
  constructor(json: AuthorizationModelJson, id: string = ulid()) {
    this.id = id;
    this.json = json;
    for (const [name, definition] of Object.entries(json.conditions ?? {})) {
      this.#conditions.set(name, compileCondition({ ...definition, name }));
    }
    const tuplesets = new Set<string>();
    for (const typeDef of json.type_definitions) {
      this.#types.add(typeDef.type);
      for (const rewrite of Object.values(typeDef.relations ?? {})) {
        visitRewrite(rewrite, false, (node) => {
          if (node.tupleToUserset?.tupleset.relation)
            tuplesets.add(`${typeDef.type}#${node.tupleToUserset.tupleset.relation}`);
        });
      }
    }
    for (const typeDef of json.type_definitions) {
      for (const [name, rewrite] of Object.entries(typeDef.relations ?? {})) {
        const directTypes = typeDef.metadata?.relations?.[name]?.directly_related_user_types ?? [];
        const shapes = new Set<string>();
        for (const ref of directTypes) {
          if (ref.condition) shapes.add(`${ref.type}~|${ref.condition}`);
          else shapes.add(`${typeReference(ref)}|`);
        }
        const key = `${typeDef.type}#${name}`;
        this.#validShapes.set(key, shapes);
        const reachable = new Set<string>();
        this.#reachable.set(key, reachable);
        const info: RelationInfo = {
          type: typeDef.type,
          name,
          rewrite,
          directTypes,
          directTypeRefs: new Set(directTypes.map(typeReference)),
          directUsersets: directTypes.flatMap((ref) =>
            ref.relation ? [{ type: ref.type, relation: ref.relation }] : [],
          ),
          isTupleset: tuplesets.has(key),
          reachable,
        };
        this.#relations.set(key, info);
        getOrCreate(this.#byType, typeDef.type, () => new Map<string, RelationInfo>()).set(name, info);
      }
    }
    this.#buildReverseEdges();
    this.#computeReachability();
    this.#computeUsersetClosures();
  }

  hasType(type: string): boolean {
    return this.#types.has(type);
  }

  get types(): readonly string[] {
    return [...this.#types];
  }

  relation(type: string, relation: string): RelationInfo | undefined {
    return this.#byType.get(type)?.get(relation);
  }

  relationsOf(type: string): RelationInfo[] {
    return [...this.#relations.values()].filter((info) => info.type === type);
  }

  condition(name: string): CompiledCondition | undefined {
    return this.#conditions.get(name);
  }

  /**
   * Whether a stored tuple on `type#relation` with this user type reference and condition is valid under this model
   * (OpenFGA's ValidateTupleForRead): tuples written under older models that no longer fit are ignored by reads.
   */
  admitsTuple(
    type: string,
    relation: string,
    userTypeRef: string,
    userBaseType: string,
    condition?: string,
  ): boolean {
    const shapes = this.#validShapes.get(`${type}#${relation}`);
    if (!shapes) return false;
    return condition ? shapes.has(`${userBaseType}~|${condition}`) : shapes.has(`${userTypeRef}|`);
  }

  /**
   * The user type references (`user`, `user:*`, `group#member`) that can hold `type#relation` through some path of
   * the rewrite (subtracted branches excluded, since they never grant). Used to skip impossible branches.
   */
  reachableUserTypes(type: string, relation: string): ReadonlySet<string> {
    return this.#byType.get(type)?.get(relation)?.reachable ?? EMPTY;
  }

  /** Whether `type#relation` can reach itself (a recursive relation: nested groups, folder trees). */
  isRecursive(type: string, relation: string): boolean {
    return this.#recursive.has(`${type}#${relation}`);
  }

  /**
   * For a relation that is only directly assigned (`[user, team#member]`, no rewrite, no condition) and whose
   * userset restrictions are all such relations too (nested teams): every relation its usersets can lead through,
   * itself first. Check can then find the objects a user holds it on from the user's side (reverse reads from the
   * user up) instead of expanding every userset. Undefined for any other relation.
   */
  usersetClosure(type: string, relation: string): readonly RelationInfo[] | undefined {
    return this.#usersetClosures.get(`${type}#${relation}`);
  }

  /** The relations whose type restrictions admit a tuple user of this type reference. */
  directIncluders(userTypeRef: string): readonly { type: string; relation: string }[] {
    return this.#directIncluders.get(userTypeRef) ?? [];
  }

  /** Relations of `type` computed from `relation` (e.g. `viewer: editor` lists viewer for editor). */
  computedIncluders(type: string, relation: string): readonly string[] {
    return this.#computedIncluders.get(`${type}#${relation}`) ?? [];
  }

  /** TTU relations (`viewer from parent`) that read `relation` on objects of `type` through a tupleset. */
  ttuIncluders(type: string, relation: string): readonly ReverseTtuEdge[] {
    return this.#ttuIncluders.get(`${type}#${relation}`) ?? [];
  }

  /** The type#relation nodes `type#relation` depends on (itself included): ListObjects explores only these. */
  dependencies(type: string, relation: string): ReadonlySet<string> {
    const key = `${type}#${relation}`;
    let deps = this.#dependencies.get(key);
    if (deps) return deps;
    deps = new Set<string>();
    const stack = [key];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (deps.has(current)) continue;
      deps.add(current);
      for (const next of this.#edgesOf(current)) stack.push(next);
    }
    this.#dependencies.set(key, deps);
    return deps;
  }

  /**
   * Whether `type#relation` only ever unions what it depends on (no intersection or exclusion anywhere below it):
   * then every object reached backwards from a user along valid tuples holds the relation, without a Check.
   */
  isMonotonic(type: string, relation: string): boolean {
    const key = `${type}#${relation}`;
    let known = this.#monotonic.get(key);
    if (known === undefined) {
      known = true;
      for (const dep of this.dependencies(type, relation)) {
        const info = this.#relations.get(dep);
        if (!info) continue;
        visitRewrite(info.rewrite, false, (node) => {
          if (node.intersection || node.difference) known = false;
        });
      }
      this.#monotonic.set(key, known);
    }
    return known;
  }

  /** The type#relation nodes that `key`'s rewrite reads (subtracted branches excluded). */
  #edgesOf(key: string): string[] {
    const info = this.#relations.get(key);
    if (!info) return [];
    const out: string[] = [];
    visitRewrite(info.rewrite, false, (node, subtracted) => {
      if (subtracted) return;
      if (node.this)
        for (const userset of info.directUsersets) out.push(`${userset.type}#${userset.relation}`);
      if (node.computedUserset?.relation) out.push(`${info.type}#${node.computedUserset.relation}`);
      const ttu = node.tupleToUserset;
      if (ttu?.tupleset.relation && ttu.computedUserset.relation) {
        const tupleset = this.#relations.get(`${info.type}#${ttu.tupleset.relation}`);
        for (const parent of tupleset?.directTypes ?? []) {
          if (this.#relations.has(`${parent.type}#${ttu.computedUserset.relation}`)) {
            out.push(`${parent.type}#${ttu.computedUserset.relation}`);
          }
        }
      }
    });
    return out;
  }

  #buildReverseEdges(): void {
    for (const info of this.#relations.values()) {
      for (const ref of info.directTypes) {
        const typeRef = typeReference(ref);
        const list = getOrCreate(this.#directIncluders, typeRef, () => []);
        if (!list.some((item) => item.type === info.type && item.relation === info.name)) {
          list.push({ type: info.type, relation: info.name });
        }
      }
      visitRewrite(info.rewrite, false, (node, subtracted) => {
        if (subtracted) return;
        if (node.computedUserset?.relation) {
          push(this.#computedIncluders, `${info.type}#${node.computedUserset.relation}`, info.name);
        }
        const ttu = node.tupleToUserset;
        if (ttu?.tupleset.relation && ttu.computedUserset.relation) {
          const tupleset = this.#relations.get(`${info.type}#${ttu.tupleset.relation}`);
          for (const parent of tupleset?.directTypes ?? []) {
            const edge = { type: info.type, relation: info.name, tupleset: ttu.tupleset.relation };
            push(this.#ttuIncluders, `${parent.type}#${ttu.computedUserset.relation}`, edge);
          }
        }
      });
    }
  }

  /** The greatest set of purely direct relations whose usersets stay in the set, then each one's closure. */
  #computeUsersetClosures(): void {
    const candidates = new Set<string>();
    for (const [key, info] of this.#relations) {
      if (info.rewrite.this && info.directTypes.every((ref) => !ref.condition)) candidates.add(key);
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const key of candidates) {
        const info = this.#relations.get(key) as RelationInfo;
        if (info.directUsersets.some((userset) => !candidates.has(keyOf(userset)))) {
          candidates.delete(key);
          changed = true;
        }
      }
    }
    for (const key of candidates) {
      const closure: RelationInfo[] = [];
      const seen = new Set<string>([key]);
      const queue = [key];
      while (queue.length > 0) {
        const info = this.#relations.get(queue.shift() as string) as RelationInfo;
        closure.push(info);
        for (const userset of info.directUsersets) {
          const next = keyOf(userset);
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      this.#usersetClosures.set(key, closure);
    }
  }

  /** Fixpoint over the rewrites: reachable user types per relation, then which relations depend on themselves. */
  #computeReachability(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const [key, info] of this.#relations) {
        const set = this.#reachable.get(key) as Set<string>;
        const before = set.size;
        // A userset holds its own relation (group:eng#member is a member of group:eng).
        set.add(key);
        for (const ref of info.directTypes) set.add(typeReference(ref));
        for (const dep of this.#edgesOf(key))
          for (const item of this.#reachable.get(dep) ?? []) set.add(item);
        if (set.size !== before) changed = true;
      }
    }
    for (const key of this.#relations.keys()) {
      const seen = new Set<string>();
      const stack = [...this.#edgesOf(key)];
      while (stack.length > 0) {
        const current = stack.pop() as string;
        if (current === key) {
          this.#recursive.add(key);
          break;
        }
        if (seen.has(current)) continue;
        seen.add(current);
        stack.push(...this.#edgesOf(current));
      }
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** The key of a relation in the compiled maps. */
function keyOf(info: { readonly type: string; readonly relation?: string; readonly name?: string }): string {
  return `${info.type}#${info.relation ?? info.name}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `user`, `user:*` or `group#member`: a type restriction as userTypeReference spells a tuple's user. */
export function typeReference(ref: RelationReference): string {
  if (ref.wildcard) return `${ref.type}:*`;
  if (ref.relation) return `${ref.type}#${ref.relation}`;
  return ref.type;
}

/** Calls `visit` for every node of a rewrite; `subtracted` is true inside the subtract of an exclusion. */
export function visitRewrite(
  rewrite: Userset,
  subtracted: boolean,
  visit: (node: Userset, subtracted: boolean) => void,
): void {
  visit(rewrite, subtracted);
  for (const child of rewrite.union?.child ?? []) visitRewrite(child, subtracted, visit);
  for (const child of rewrite.intersection?.child ?? []) visitRewrite(child, subtracted, visit);
  if (rewrite.difference) {
    visitRewrite(rewrite.difference.base, subtracted, visit);
    visitRewrite(rewrite.difference.subtract, true, visit);
  }
}
