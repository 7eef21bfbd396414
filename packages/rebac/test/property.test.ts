// Property: on random acyclic models and random tuples, Check, ListObjects and ListUsers agree with each other and
// with a brute-force evaluator of the rewrite rules written for this test alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuthorizationModelJson,
  compileModelJson,
  createRebacEngine,
  MemoryTupleStore,
  type RelationReference,
  type TupleKey,
  type TupleStore,
  type TypeDefinition,
  type Userset,
} from '../src/index.js';
import { AsyncCombinedTupleStore, AsyncOnlyTupleStore } from './support/async-only-store.js';
import { ForwardOnlyTupleStore } from './support/forward-only-store.js';
import { AsyncObjectBatchedTupleStore } from './support/object-batched-store.js';

const TYPES = ['alpha', 'beta', 'gamma'] as const;
const IDS = ['0', '1'] as const;
const USERS = ['user:u0', 'user:u1', 'user:u2', 'user:*'] as const;

interface Term {
  kind: 'this' | 'computed' | 'ttu';
  relation: string;
}
interface RelationPlan {
  op: 'single' | 'union' | 'intersection' | 'exclusion';
  terms: Term[];
  direct: RelationReference[];
}

/** r0 is direct; r1 and r2 combine direct, earlier relations of the type, and relations of the parent type. */
const relationPlan = (typeIndex: number, relationIndex: number): fc.Arbitrary<RelationPlan> => {
  const earlier = TYPES.slice(0, typeIndex);
  const directChoices: RelationReference[] = [
    { type: 'user' },
    { type: 'user', wildcard: {} },
    ...earlier.map((type) => ({ type, relation: 'r0' })),
  ];
  const direct = fc.subarray(directChoices, { minLength: 1 });
  if (relationIndex === 0)
    return direct.map((refs) => ({
      op: 'single' as const,
      terms: [{ kind: 'this' as const, relation: 'r0' }],
      direct: refs,
    }));
  const terms: Term[] = [{ kind: 'this', relation: `r${relationIndex}` }];
  for (let i = 0; i < relationIndex; i++) terms.push({ kind: 'computed', relation: `r${i}` });
  if (typeIndex > 0) for (const relation of ['r0', 'r1', 'r2']) terms.push({ kind: 'ttu', relation });
  return fc
    .record({
      op: fc.constantFrom('single' as const, 'union' as const, 'intersection' as const, 'exclusion' as const),
      terms: fc.shuffledSubarray(terms, { minLength: 2, maxLength: 2 }),
      direct,
    })
    .map((plan) => (plan.op === 'single' ? { ...plan, terms: plan.terms.slice(0, 1) } : plan));
};

const modelPlan = fc.tuple(
  ...TYPES.flatMap((_, t) => [relationPlan(t, 0), relationPlan(t, 1), relationPlan(t, 2)]),
);

function toJson(plans: RelationPlan[]): AuthorizationModelJson {
  const typeDefinitions: TypeDefinition[] = [{ type: 'user', relations: {}, metadata: null }];
  TYPES.forEach((type, t) => {
    const relations: Record<string, Userset> = {};
    const metadata: Record<string, { directly_related_user_types: RelationReference[] }> = {};
    if (t > 0) {
      relations.parent = { this: {} };
      metadata.parent = { directly_related_user_types: [{ type: TYPES[t - 1] as string }] };
    }
    for (let r = 0; r < 3; r++) {
      const plan = plans[t * 3 + r] as RelationPlan;
      const toUserset = (term: Term): Userset =>
        term.kind === 'this'
          ? { this: {} }
          : term.kind === 'computed'
            ? { computedUserset: { relation: term.relation } }
            : {
                tupleToUserset: {
                  tupleset: { relation: 'parent' },
                  computedUserset: { relation: term.relation },
                },
              };
      const children = plan.terms.map(toUserset);
      const [first, second] = children as [Userset, Userset];
      relations[`r${r}`] =
        plan.op === 'single'
          ? first
          : plan.op === 'exclusion'
            ? { difference: { base: first, subtract: second } }
            : { [plan.op]: { child: children } };
      if (plan.terms.some((term) => term.kind === 'this'))
        metadata[`r${r}`] = { directly_related_user_types: plan.direct };
    }
    typeDefinitions.push({ type, relations, metadata: { relations: metadata } });
  });
  return { schema_version: '1.1', type_definitions: typeDefinitions };
}

/** Every tuple the model admits, over the small universe. */
function candidateTuples(json: AuthorizationModelJson): TupleKey[] {
  const out: TupleKey[] = [];
  for (const typeDef of json.type_definitions) {
    for (const [relation, meta] of Object.entries(typeDef.metadata?.relations ?? {})) {
      for (const id of IDS) {
        for (const ref of meta.directly_related_user_types ?? []) {
          const users = ref.wildcard
            ? [`${ref.type}:*`]
            : ref.relation
              ? IDS.map((other) => `${ref.type}:${other}#${ref.relation}`)
              : ref.type === 'user'
                ? USERS.filter((user) => user !== 'user:*')
                : IDS.map((other) => `${ref.type}:${other}`);
          for (const user of users) out.push({ object: `${typeDef.type}:${id}`, relation, user });
        }
      }
    }
  }
  return out;
}

/** The brute-force evaluator: the rewrite rules read literally, over a plain list of tuples. */
function bruteForce(json: AuthorizationModelJson, tuples: TupleKey[]) {
  const rewrite = (type: string, relation: string): Userset | undefined =>
    json.type_definitions.find((typeDef) => typeDef.type === type)?.relations?.[relation];
  const has = (object: string, relation: string, user: string): boolean => {
    const type = object.split(':')[0] as string;
    const rule = rewrite(type, relation);
    return rule ? evaluate(object, relation, rule, user) : false;
  };
  const evaluate = (object: string, relation: string, rule: Userset, user: string): boolean => {
    if (rule.this) {
      return tuples.some((tuple) => {
        if (tuple.object !== object || tuple.relation !== relation) return false;
        if (tuple.user === user) return true;
        if (tuple.user.endsWith(':*') && user.startsWith(tuple.user.slice(0, -1)) && !user.includes('#'))
          return true;
        const [usersetObject, usersetRelation] = tuple.user.split('#');
        return usersetRelation !== undefined && has(usersetObject as string, usersetRelation, user);
      });
    }
    if (rule.computedUserset) return has(object, rule.computedUserset.relation as string, user);
    if (rule.tupleToUserset) {
      const computed = rule.tupleToUserset.computedUserset.relation as string;
      return tuples.some(
        (tuple) => tuple.object === object && tuple.relation === 'parent' && has(tuple.user, computed, user),
      );
    }
    if (rule.union) return rule.union.child.some((child) => evaluate(object, relation, child, user));
    if (rule.intersection)
      return rule.intersection.child.every((child) => evaluate(object, relation, child, user));
    if (rule.difference) {
      return (
        evaluate(object, relation, rule.difference.base, user) &&
        !evaluate(object, relation, rule.difference.subtract, user)
      );
    }
    return false;
  };
  return has;
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of stream) out.push(item);
  return out.sort();
}

describe('Check, ListObjects and ListUsers agree with a brute-force evaluator', () => {
  it('on random acyclic models and tuples', async () => {
    const engine = createRebacEngine();
    let run = 0;
    const scenario = modelPlan.chain((plans) => {
      const json = toJson(plans);
      const all = candidateTuples(json);
      return fc.record({
        json: fc.constant(json),
        tuples: fc.subarray(all, { maxLength: Math.min(40, all.length) }),
      });
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ json, tuples }) => {
        const model = compileModelJson(json);
        const store = new MemoryTupleStore();
        for (let i = 0; i < tuples.length; i += 100)
          await engine.write(store, model, { writes: tuples.slice(i, i + 100) });
        const target = { model, store };
        // The same tuples another way, one per run in turn: through the promise path (a store without synchronous
        // reads, as PostgreSQL), through promises with the combined forward read (one statement per type restriction,
        // as PostgreSQL's store), synchronously with every userset walked forward (no user-side memberships), or through
        // promises with one batched read per object visited (as PostgreSQL's store).
        const others = [
          new AsyncOnlyTupleStore(store),
          new AsyncCombinedTupleStore(store),
          new ForwardOnlyTupleStore(store),
          new AsyncObjectBatchedTupleStore(store),
        ];
        const otherTarget = { model, store: others[run++ % others.length] as TupleStore };
        const has = bruteForce(json, tuples);
        for (const type of TYPES) {
          for (const relation of ['r0', 'r1', 'r2']) {
            for (const user of USERS) {
              const expectedObjects: string[] = [];
              for (const id of IDS) {
                const object = `${type}:${id}`;
                const expected = has(object, relation, user);
                const { allowed } = await engine.check(target, { tupleKey: { object, relation, user } });
                const other = await engine.check(otherTarget, { tupleKey: { object, relation, user } });
                expect({ object, relation, user, allowed: other.allowed }).toEqual({
                  object,
                  relation,
                  user,
                  allowed,
                });
                expect({ object, relation, user, allowed }).toEqual({
                  object,
                  relation,
                  user,
                  allowed: expected,
                });
                if (expected) expectedObjects.push(object);
              }
              expect(await collect(engine.listObjects(target, { type, relation, user }))).toEqual(
                expectedObjects,
              );
            }
            for (const id of IDS) {
              const object = `${type}:${id}`;
              const listed = await collect(
                engine.listUsers(target, { object, relation, userFilters: [{ type: 'user' }] }),
              );
              // Sound: every listed user has the relation. Public access is listed as user:* exactly when user:*
              // has it; a user with access is listed by name unless user:* already stands for them.
              expect({
                object,
                relation,
                unsound: listed.filter((user) => !has(object, relation, user)),
              }).toEqual({
                object,
                relation,
                unsound: [],
              });
              expect(listed.includes('user:*')).toBe(has(object, relation, 'user:*'));
              // Complete: a user with access is named, unless user:* already stands for them.
              const missing = USERS.filter((user) => has(object, relation, user) && !listed.includes(user));
              if (!listed.includes('user:*')) {
                expect({ object, relation, missing }).toEqual({ object, relation, missing: [] });
              }
            }
          }
        }
      }),
      { numRuns: Number(process.env.REBAC_PROPERTY_RUNS ?? 40), seed: 20261201 },
    );
  });
});
