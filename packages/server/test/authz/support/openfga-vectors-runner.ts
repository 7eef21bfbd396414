// Plays OpenFGA's YAML behaviour tests through the HTTP API with @openfga/sdk, as OpenFGA's own runner plays them
// against its server: each case on a store of its own, stages in order (a new model each, tuples accumulating), then
// every single-stage case again with its tuples sent as contextual tuples. The cases are independent (a store each),
// so they are played a few at a time (PLAYED_AT_ONCE in flight) from the start of the file, and each test waits for
// its own case and asserts what it found.
import type { OpenFgaClient } from '@openfga/sdk';
import { parseModelDsl, type TupleKey } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVectors, type Stage, VECTOR_FILES } from '../../../../rebac/test/support/openfga-vectors.js';
import type { TestServer } from '../../support/test-server.js';
import { errorCodeOf, type FgaClients, fgaClients } from './fga-clients.js';

/** Cases in flight at once: enough to overlap the round trips, few enough not to crowd a 2-core machine. */
const PLAYED_AT_ONCE = 8;
/** How long a test waits for its case (not a measure of anything: a bound on a hang). */
const CASE_TIMEOUT_MS = 120_000;

/** Counts one assertion of `kind` ("check written", …) for the summary line. */
type Count = (kind: string, passed: boolean) => void;

async function outcome<T>(run: () => Promise<T>): Promise<{ value?: T; code?: number; error?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    const code = errorCodeOf(error);
    return code === undefined ? { error } : { code };
  }
}

const describeOutcome = (got: { value?: unknown; code?: number; error?: unknown }) =>
  JSON.stringify(got.value ?? got.code ?? String(got.error));

function userString(user: {
  object?: { type: string; id: string };
  userset?: { type: string; id: string; relation: string };
  wildcard?: { type: string };
}): string {
  if (user.object) return `${user.object.type}:${user.object.id}`;
  if (user.userset) return `${user.userset.type}:${user.userset.id}#${user.userset.relation}`;
  return `${user.wildcard?.type}:*`;
}

function objectRef(object: string): { type: string; id: string } {
  const colon = object.indexOf(':');
  return colon < 0 ? { type: object, id: '' } : { type: object.slice(0, colon), id: object.slice(colon + 1) };
}

async function playStage(
  count: Count,
  variant: string,
  client: OpenFgaClient,
  stage: Stage,
  extraTuples: TupleKey[],
): Promise<string[]> {
  const failures: string[] = [];
  for (const assertion of stage.checkAssertions ?? []) {
    const contextualTuples = [...(assertion.contextualTuples ?? []), ...extraTuples];
    const got = await outcome(() =>
      client.check({
        ...assertion.tuple,
        contextualTuples,
        ...(assertion.context && { context: assertion.context }),
      }),
    );
    const ok = assertion.errorCode
      ? got.code === assertion.errorCode
      : got.value?.allowed === (assertion.expectation ?? false);
    count(`check ${variant}`, ok);
    if (!ok) failures.push(`check ${JSON.stringify(assertion)} -> ${describeOutcome(got)}`);
  }
  for (const assertion of stage.listObjectsAssertions ?? []) {
    const contextualTuples = [...(assertion.contextualTuples ?? []), ...extraTuples];
    const got = await outcome(async () => {
      const response = await client.listObjects({
        ...assertion.request,
        contextualTuples,
        ...(assertion.context && { context: assertion.context }),
      });
      return [...response.objects].sort();
    });
    const ok = assertion.errorCode
      ? got.code === assertion.errorCode
      : JSON.stringify(got.value) === JSON.stringify([...(assertion.expectation ?? [])].sort());
    count(`list-objects ${variant}`, ok);
    if (!ok) failures.push(`listObjects ${JSON.stringify(assertion)} -> ${describeOutcome(got)}`);
  }
  for (const assertion of stage.listUsersAssertions ?? []) {
    const contextualTuples = [...(assertion.contextualTuples ?? []), ...extraTuples];
    const got = await outcome(async () => {
      const response = await client.listUsers({
        object: objectRef(assertion.request.object),
        relation: assertion.request.relation,
        user_filters: assertion.request.filters.map((filter) => {
          const [type, relation] = filter.split('#') as [string, string | undefined];
          return relation ? { type, relation } : { type };
        }),
        contextualTuples,
        ...(assertion.context && { context: assertion.context }),
      });
      return response.users.map(userString).sort();
    });
    const ok = assertion.errorCode
      ? got.code === assertion.errorCode
      : JSON.stringify(got.value) === JSON.stringify([...(assertion.expectation ?? [])].sort());
    count(`list-users ${variant}`, ok);
    if (!ok) failures.push(`listUsers ${JSON.stringify(assertion)} -> ${describeOutcome(got)}`);
  }
  return failures;
}

async function newStore(clients: FgaClients, name: string): Promise<OpenFgaClient> {
  const { id } = await clients.client().createStore({ name: name.slice(0, 60).padEnd(3, '_') });
  return clients.client(id);
}

interface VectorCaseRun {
  readonly file: string;
  readonly title: string;
  /** The failures found, one line each; none when the case passed. */
  readonly play: (clients: FgaClients, count: Count) => Promise<string[]>;
}

/**
 * Each model's JSON, parsed from its DSL once: the two variants of a case and the runs on each store share it. The
 * SDK is handed a copy, so nothing it does to the object reaches another case.
 */
const parsedModels = new Map<string, unknown>();
function modelJson(dsl: string): never {
  let model = parsedModels.get(dsl);
  if (model === undefined) {
    model = parseModelDsl(dsl);
    parsedModels.set(dsl, model);
  }
  return structuredClone(model) as never;
}

/** The cases of every vector file, read once per process (the files hold a few thousand lines of YAML). */
let allCases: VectorCaseRun[] | undefined;

function vectorCases(): VectorCaseRun[] {
  allCases ??= readCases();
  return allCases;
}

function readCases(): VectorCaseRun[] {
  const cases: VectorCaseRun[] = [];
  for (const file of VECTOR_FILES) {
    for (const vector of readVectors(file)) {
      cases.push({
        file,
        title: `${vector.name}: tuples written, stage by stage`,
        play: async (clients, count) => {
          const client = await newStore(clients, vector.name);
          const failures: string[] = [];
          for (const [index, stage] of vector.stages.entries()) {
            await client.writeAuthorizationModel(modelJson(stage.model));
            const tuples = stage.tuples ?? [];
            for (let i = 0; i < tuples.length; i += 100) {
              await client.write({ writes: tuples.slice(i, i + 100) as never });
            }
            for (const failure of await playStage(count, 'written', client, stage, [])) {
              failures.push(`stage ${index}: ${failure}`);
            }
          }
          return failures;
        },
      });
      const only = vector.stages[0];
      if (vector.stages.length === 1 && only && (only.tuples ?? []).length <= 100) {
        cases.push({
          file,
          title: `${vector.name}: tuples sent as contextual tuples`,
          play: async (clients, count) => {
            const client = await newStore(clients, vector.name);
            await client.writeAuthorizationModel(modelJson(only.model));
            return playStage(count, 'contextual', client, only, only.tuples ?? []);
          },
        });
      }
    }
  }
  return cases;
}

/** Runs `tasks` in order, at most `limit` at a time; the promise of each task's result, in the same order. */
function playBounded<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T>[] {
  const settlers: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const results = tasks.map(
    () =>
      new Promise<T>((resolve, reject) => {
        settlers.push({ resolve, reject });
      }),
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index] as () => Promise<T>;
      const settle = settlers[index] as (typeof settlers)[number];
      await task().then(settle.resolve, settle.reject);
    }
  };
  for (let i = 0; i < Math.min(limit, tasks.length); i++) void worker();
  return results;
}

/**
 * Declares one test per vector case (in the vector files' order) against the server `start` opens; `label` names the
 * store in the summary line printed at the end.
 */
export function describeVectorsOverHttp(label: string, start: () => Promise<TestServer>): void {
  const cases = vectorCases();
  const counts: Record<string, { passed: number; total: number }> = {};
  const count: Count = (kind, passed) => {
    counts[kind] ??= { passed: 0, total: 0 };
    counts[kind].total++;
    if (passed) counts[kind].passed++;
  };
  let server: TestServer | undefined;
  let played: Promise<string[]>[] = [];

  beforeAll(async () => {
    server = await start();
    const clients = await fgaClients(server);
    played = playBounded(
      cases.map((vectorCase) => () => vectorCase.play(clients, count)),
      PLAYED_AT_ONCE,
    );
    // Each test awaits its own case; until then a failure must not count as unhandled.
    for (const result of played) result.catch(() => undefined);
  });
  afterAll(async () => {
    // Whatever is still in flight (after a failed test) finishes before the server stops.
    await Promise.allSettled(played);
    await server?.cleanup();
    const lines = Object.entries(counts).map(([kind, { passed, total }]) => `${kind}: ${passed}/${total}`);
    process.stdout.write(`OpenFGA vectors over HTTP (${label}): ${lines.join(', ')}\n`);
  });

  for (const file of VECTOR_FILES) {
    describe(file, () => {
      for (const [index, vectorCase] of cases.entries()) {
        if (vectorCase.file !== file) continue;
        // The case shares the process with the others in flight, so it may take several times as long as alone.
        it(
          vectorCase.title,
          async () => {
            expect(await played[index]).toEqual([]);
          },
          CASE_TIMEOUT_MS,
        );
      }
    });
  }
}
