// Plays OpenFGA's YAML behaviour tests through the HTTP API with @openfga/sdk, as OpenFGA's own runner plays them
// against its server: each case on a store of its own, stages in order (a new model each, tuples accumulating), then
// every single-stage case again with its tuples sent as contextual tuples. On SQLite here, and on PostgreSQL in the
// `postgres` Vitest project.
import type { OpenFgaClient } from '@openfga/sdk';
import { parseModelDsl, type TupleKey } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVectors, type Stage, VECTOR_FILES } from '../../../rebac/test/support/openfga-vectors.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { errorCodeOf, type FgaClients, fgaClients } from './support/fga-clients.js';

let server: TestServer;
let clients: FgaClients;
const counts: Record<string, { passed: number; total: number }> = {};

beforeAll(async () => {
  server = await startTestServer();
  clients = await fgaClients(server);
});
afterAll(async () => {
  await server?.cleanup();
  const lines = Object.entries(counts).map(([kind, { passed, total }]) => `${kind}: ${passed}/${total}`);
  process.stdout.write(`OpenFGA vectors over HTTP: ${lines.join(', ')}\n`);
});

function count(kind: string, passed: boolean): void {
  counts[kind] ??= { passed: 0, total: 0 };
  counts[kind].total++;
  if (passed) counts[kind].passed++;
}

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

async function newStore(name: string): Promise<OpenFgaClient> {
  const { id } = await clients.client().createStore({ name: name.slice(0, 60).padEnd(3, '_') });
  return clients.client(id);
}

for (const file of VECTOR_FILES) {
  describe(file, () => {
    for (const vector of readVectors(file)) {
      it(`${vector.name}: tuples written, stage by stage`, async () => {
        const client = await newStore(vector.name);
        const failures: string[] = [];
        for (const [index, stage] of vector.stages.entries()) {
          await client.writeAuthorizationModel(parseModelDsl(stage.model) as never);
          const tuples = stage.tuples ?? [];
          for (let i = 0; i < tuples.length; i += 100) {
            await client.write({ writes: tuples.slice(i, i + 100) as never });
          }
          for (const failure of await playStage('written', client, stage, [])) {
            failures.push(`stage ${index}: ${failure}`);
          }
        }
        expect(failures).toEqual([]);
      });

      const only = vector.stages[0];
      if (vector.stages.length === 1 && only && (only.tuples ?? []).length <= 100) {
        it(`${vector.name}: tuples sent as contextual tuples`, async () => {
          const client = await newStore(vector.name);
          await client.writeAuthorizationModel(parseModelDsl(only.model) as never);
          expect(await playStage('contextual', client, only, only.tuples ?? [])).toEqual([]);
        });
      }
    }
  });
}
