// Plays OpenFGA's own behaviour tests (consolidated and ABAC cases): stages in order on one store, the newest model,
// tuples accumulating; then every single-stage case again with its tuples sent as contextual tuples, as OpenFGA's
// runner does.
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CompiledModel,
  compileModelDsl,
  createRebacEngine,
  isRebacError,
  MemoryTupleStore,
  type TupleKey,
  type TupleStore,
} from '../src/index.js';
import { AsyncOnlyTupleStore } from './support/async-only-store.js';
import { readVectors, type Stage, VECTOR_FILES } from './support/openfga-vectors.js';

const engine = createRebacEngine();
const counts: Record<string, { passed: number; total: number }> = {};

function count(kind: string, passed: boolean): void {
  counts[kind] ??= { passed: 0, total: 0 };
  counts[kind].total++;
  if (passed) counts[kind].passed++;
}

async function outcome<T>(run: () => Promise<T>): Promise<{ value?: T; code?: number; error?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    if (isRebacError(error)) return { code: error.code };
    return { error };
  }
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of stream) out.push(item);
  return out.sort();
}

function filterOf(filter: string): { type: string; relation?: string } {
  const [type, relation] = filter.split('#') as [string, string | undefined];
  return relation ? { type, relation } : { type };
}

async function playStage(
  variant: string,
  store: TupleStore,
  model: CompiledModel,
  stage: Stage,
  extraTuples: TupleKey[],
): Promise<string[]> {
  const failures: string[] = [];
  const target = { model, store };
  for (const assertion of stage.checkAssertions ?? []) {
    const contextualTuples = [...(assertion.contextualTuples ?? []), ...extraTuples];
    const got = await outcome(() =>
      engine.check(target, { tupleKey: assertion.tuple, contextualTuples, context: assertion.context }),
    );
    const ok = assertion.errorCode
      ? got.code === assertion.errorCode
      : got.value?.allowed === (assertion.expectation ?? false);
    count(`check ${variant}`, ok);
    if (!ok)
      failures.push(
        `check ${JSON.stringify(assertion)} -> ${JSON.stringify(got.value ?? got.code ?? String(got.error))}`,
      );
  }
  for (const assertion of stage.listObjectsAssertions ?? []) {
    const contextualTuples = [...(assertion.contextualTuples ?? []), ...extraTuples];
    const request = { ...assertion.request, contextualTuples, context: assertion.context };
    const got = await outcome(() => collect(engine.listObjects(target, request)));
    let ok = assertion.errorCode
      ? got.code === assertion.errorCode
      : JSON.stringify(got.value) === JSON.stringify([...(assertion.expectation ?? [])].sort());
    if (ok && !assertion.errorCode) {
      for (const object of got.value ?? []) {
        const confirmed = await engine.check(target, {
          tupleKey: { object, relation: assertion.request.relation, user: assertion.request.user },
          contextualTuples,
          context: assertion.context,
        });
        ok &&= confirmed.allowed;
      }
    }
    count(`list-objects ${variant}`, ok);
    if (!ok)
      failures.push(
        `listObjects ${JSON.stringify(assertion)} -> ${JSON.stringify(got.value ?? got.code ?? String(got.error))}`,
      );
  }
  for (const assertion of stage.listUsersAssertions ?? []) {
    const contextualTuples = [...(assertion.contextualTuples ?? []), ...extraTuples];
    const request = {
      object: assertion.request.object,
      relation: assertion.request.relation,
      userFilters: assertion.request.filters.map(filterOf),
      contextualTuples,
      context: assertion.context,
    };
    const got = await outcome(() => collect(engine.listUsers(target, request)));
    let ok = assertion.errorCode
      ? got.code === assertion.errorCode
      : JSON.stringify(got.value) === JSON.stringify([...(assertion.expectation ?? [])].sort());
    if (ok && !assertion.errorCode) {
      for (const user of got.value ?? []) {
        const confirmed = await engine.check(target, {
          tupleKey: { object: assertion.request.object, relation: assertion.request.relation, user },
          contextualTuples,
          context: assertion.context,
        });
        ok &&= confirmed.allowed;
      }
    }
    count(`list-users ${variant}`, ok);
    if (!ok)
      failures.push(
        `listUsers ${JSON.stringify(assertion)} -> ${JSON.stringify(got.value ?? got.code ?? String(got.error))}`,
      );
  }
  return failures;
}

// The memory store answers Check's reads synchronously; the async-only view of it takes the promise path (as
// PostgreSQL does). Both must pass every case.
const STORES: readonly [string, () => TupleStore][] = [
  ['sync reads', () => new MemoryTupleStore()],
  ['async reads', () => new AsyncOnlyTupleStore()],
];

for (const file of VECTOR_FILES)
  for (const [storeName, createStore] of STORES) {
    describe(`${file} (${storeName})`, () => {
      for (const vector of readVectors(file)) {
        it(`${vector.name}: tuples written, stage by stage`, async () => {
          const store = createStore();
          const failures: string[] = [];
          for (const [index, stage] of vector.stages.entries()) {
            const model = compileModelDsl(stage.model);
            const tuples = stage.tuples ?? [];
            for (let i = 0; i < tuples.length; i += 40) {
              await engine.write(store, model, { writes: tuples.slice(i, i + 40) });
            }
            for (const failure of await playStage('written', store, model, stage, [])) {
              failures.push(`stage ${index}: ${failure}`);
            }
          }
          expect(failures).toEqual([]);
        });

        const only = vector.stages[0];
        if (vector.stages.length === 1 && only && (only.tuples ?? []).length <= 100) {
          it(`${vector.name}: tuples sent as contextual tuples`, async () => {
            const model = compileModelDsl(only.model);
            const failures = await playStage('contextual', createStore(), model, only, only.tuples ?? []);
            expect(failures).toEqual([]);
          });
        }
      }
    });
  }

afterAll(() => {
  const lines = Object.entries(counts).map(([kind, { passed, total }]) => `${kind}: ${passed}/${total}`);
  process.stdout.write(`OpenFGA vectors: ${lines.join(', ')}\n`);
});
