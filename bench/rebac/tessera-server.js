// Tessera as a server on SQLite or PostgreSQL: starts it with a client for the FGA API, creates an OpenFGA store and
// the model over HTTP, loads the data set (`tessera fga tuples import` where the CLI has it, otherwise the Write API,
// bounded), then measures Check over HTTP (http-check-load.js, its own process), streamed ListObjects and the
// server's memory. Runs in run.js's process; every step is bounded in time.
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModelDsl } from '@tessera/rebac';
import { runNodeForJson } from '../lib/processes.js';
import { startTessera, tesseraCli } from '../lib/tessera.js';
import { generateTuples, MODEL_DSL, shapeFor } from './dataset.js';

const FGA_SCOPES = 'fga:read fga:write fga:admin';
const LOAD_SCRIPT = fileURLToPath(new URL('./http-check-load.js', import.meta.url));
const IN_PROCESS_SCRIPT = fileURLToPath(new URL('./tessera-in-process.js', import.meta.url));

/** The resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** A fresh PostgreSQL database for one run, dropped by `drop()`; `BENCH_POSTGRES_URL` names the server. */
export async function createPostgresDatabase() {
  const requireServer = createRequire(
    fileURLToPath(new URL('../../packages/server/package.json', import.meta.url)),
  );
  const { Client } = requireServer('pg');
  const admin = new URL(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `tessera_bench_${randomBytes(6).toString('hex')}`;
  const run = async (sql) => {
    const client = new Client({ connectionString: admin.href, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin.href);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** One JSON request to the FGA API; throws unless the status is `expect`. */
async function fga(api, path, body, expect = 200) {
  const response = await fetch(`${api.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== expect)
    throw new Error(`POST ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function accessToken(server) {
  const { clientId, clientSecret } = server.credentials;
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString(
    'base64',
  );
  const response = await fetch(server.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: FGA_SCOPES }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json();
  if (response.status !== 200 || typeof body.access_token !== 'string')
    throw new Error(`token request: HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.access_token;
}

/** Whether this build's CLI has `tessera fga tuples import`. */
async function hasBulkImport(env) {
  try {
    // An unknown command's --help prints the top-level help (and exits 0): look for the command's own usage.
    const help = await tesseraCli(['fga', 'tuples', 'import', '--help'], env);
    return /Usage: \S+ fga tuples import/.test(help);
  } catch {
    return false;
  }
}

/** Writes the data set as JSON lines (the import's format) and resolves once it is on disk. */
async function writeTupleFile(path, shape) {
  const out = createWriteStream(path);
  for (const batch of generateTuples(shape, 10_000)) {
    const text = batch.map((t) => JSON.stringify(t)).join('\n');
    if (!out.write(`${text}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

/** ListObjects streamed (NDJSON), timed to the first and the last object, stopped at `timeoutSeconds`. */
async function streamedListObjects(api, storeId, modelId, request, timeoutSeconds) {
  const start = performance.now();
  const signal = AbortSignal.timeout(timeoutSeconds * 1000);
  let first = Number.NaN;
  let count = 0;
  let stopped = false;
  try {
    const response = await fetch(`${api.url}/stores/${storeId}/streamed-list-objects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ authorization_model_id: modelId, ...request }),
      signal,
    });
    if (response.status !== 200)
      throw new Error(`streamed-list-objects: HTTP ${response.status}: ${await response.text()}`);
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.trim() === '') continue;
        const item = JSON.parse(line);
        if (item.error) throw new Error(`streamed-list-objects: ${JSON.stringify(item.error)}`);
        if (count === 0) first = performance.now() - start;
        count++;
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    stopped = true;
  }
  return { count, firstMs: first, lastMs: performance.now() - start, stopped };
}

/**
 * The whole server part for `database` ('sqlite' or 'postgres'); resolves with the figures: load (import or Write
 * API), memory, the in-process run on the SQL store, the load generator's answers and runs, ListObjects runs.
 */
export async function measureTesseraServer(database, spec) {
  const shape = shapeFor(spec.tuples);
  const postgres = database === 'postgres' ? await createPostgresDatabase() : undefined;
  let server;
  try {
    server = await startTessera({
      client: {
        name: 'rebac-bench',
        grantTypes: 'client_credentials',
        scope: FGA_SCOPES,
        audience: (issuer) => `${issuer}/fga`,
      },
      databaseUrl: postgres?.url,
    });
    const api = { url: `${server.issuer}/fga`, token: await accessToken(server) };
    const { id: storeId } = await fga(api, '/stores', { name: 'rebac-bench' }, 201);
    const { authorization_model_id: modelId } = await fga(
      api,
      `/stores/${storeId}/authorization-models`,
      parseModelDsl(MODEL_DSL),
      201,
    );
    const result = { database, memory: { startedMb: rssMb(server.child.pid) } };

    if (await hasBulkImport(server.env)) {
      const file = join(server.dataDir, 'tuples.jsonl');
      await writeTupleFile(file, shape);
      const start = performance.now();
      // Not bounded by BENCH_REBAC_SQL_LOAD_SECONDS (that bounds the Write API): the import is what is measured.
      const output = await tesseraCli(
        ['fga', 'tuples', 'import', '--store', storeId, file],
        server.env,
        undefined,
        {
          timeoutMs: 600_000,
        },
      );
      const seconds = (performance.now() - start) / 1000;
      // "imported N new tuples of M"
      const counted = /imported (\d+) new tuples of (\d+)/.exec(output);
      result.load = {
        how: 'tessera fga tuples import',
        tuples: counted ? Number(counted[2]) : Number.NaN,
        seconds,
      };
    } else {
      // No bulk import in this build: the Write API, 100 tuples a request, one at a time, bounded in time.
      const start = performance.now();
      const deadline = start + spec.loadTimeoutSeconds * 1000;
      let tuples = 0;
      let stopped = false;
      for (const batch of generateTuples(shape, 100)) {
        await fga(api, `/stores/${storeId}/write`, {
          writes: { tuple_keys: batch },
          authorization_model_id: modelId,
        });
        tuples += batch.length;
        if (performance.now() > deadline) {
          stopped = true;
          break;
        }
      }
      result.load = {
        how: 'the Write API, 100 tuples a request',
        tuples,
        seconds: (performance.now() - start) / 1000,
        stopped,
      };
    }
    result.memory.loadedMb = rssMb(server.child.pid);

    // The engine in a process of its own over the same database: Check on the SQL store without HTTP.
    const sqlEnv = Object.fromEntries(
      ['TESSERA_DATA_DIR', 'DATABASE_URL', 'TESSERA_ISSUER', 'TESSERA_MASTER_KEY']
        .filter((name) => server.env[name] !== undefined)
        .map((name) => [name, server.env[name]]),
    );
    result.inProcess = await runNodeForJson(
      [
        ...spec.nodeFlags,
        IN_PROCESS_SCRIPT,
        JSON.stringify({ ...spec.inProcess, sql: { env: sqlEnv, storeId } }),
      ],
      { env: process.env, timeoutMs: spec.inProcessTimeoutSeconds * 1000 },
    );
    result.http = await runNodeForJson(
      [
        LOAD_SCRIPT,
        JSON.stringify({
          apiUrl: api.url,
          accessToken: api.token,
          storeId,
          modelId,
          tuples: spec.tuples,
          checkPool: spec.checkPool,
          answerCount: result.load.stopped ? 0 : spec.answerCount,
          answerSeconds: spec.answerSeconds,
          concurrencies: [1, 16],
          warmupSeconds: spec.warmupSeconds,
          durationSeconds: spec.durationSeconds,
        }),
      ],
      { env: process.env, timeoutMs: (300 + 4 * (spec.warmupSeconds + spec.durationSeconds)) * 1000 },
    );
    const listRequest = { user: 'user:o0u0', relation: 'viewer', type: 'document' };
    result.listObjects = { request: listRequest, expected: shape.documentsPerOrg, runs: [] };
    for (let run = 0; run < spec.listObjectsRuns; run++) {
      result.listObjects.runs.push(
        await streamedListObjects(api, storeId, modelId, listRequest, spec.listObjectsTimeoutSeconds),
      );
    }
    result.memory.endMb = rssMb(server.child.pid);
    result.serverOutputBytes = server.child.outputBytes;
    return result;
  } finally {
    await server?.stop();
    await postgres?.drop().catch(() => {});
  }
}
