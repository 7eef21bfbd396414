// One process, Tessera's engine in it: loads the data set into a memory store (or opens the server's SQL store that
// the server part loaded), then measures Check (concurrency 1 and 16, without and with the engine's cache),
// BatchCheck and ListObjects, and prints one JSON line with the figures.
// `node tessera-in-process.js '<spec as JSON>'`; run by run.js with --expose-gc so that memory is read after a GC.
import { compileModelDsl, createRebacEngine, MAX_BATCH_CHECK_ITEMS, MemoryTupleStore } from '@tessera/rebac';
import { closedLoop } from './closed-loop.js';
import { generateTuples, MODEL_DSL, sampleChecks, shapeFor } from './dataset.js';

const spec = JSON.parse(process.argv[2]);
const shape = shapeFor(spec.tuples);
const model = compileModelDsl(MODEL_DSL);
const plain = createRebacEngine();
const cached = createRebacEngine({ cacheEntries: spec.cacheEntries });

const memoryMb = () => {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20 };
};
const baseline = memoryMb();

/**
 * The store to measure: a MemoryTupleStore loaded here through the engine's Write, as the API would (validated
 * against the model, at most 100 tuples a write); or, with `spec.sql`, the server's SqlTupleStore over the database
 * the server part loaded (its store id and environment: TESSERA_DATA_DIR or DATABASE_URL).
 */
async function openStore() {
  if (spec.sql) {
    const dist = new URL('../../packages/server/dist/', import.meta.url);
    const { loadConfig } = await import(new URL('config/config.js', dist));
    const { openDatabase } = await import(new URL('store/open-database.js', dist));
    const { openSqlTupleStore } = await import(new URL('store/sql-tuple-stores.js', dist));
    const { db } = openDatabase(loadConfig({ ...process.env, ...spec.sql.env }).database, { create: false });
    return {
      // On SQLite, the store answers Check's reads synchronously on its read connection, as in the server.
      store: openSqlTupleStore(db, spec.sql.storeId, { now: () => Date.now() }),
      close: () => db.destroy(),
    };
  }
  const store = new MemoryTupleStore();
  const loadStart = performance.now();
  const deadline = loadStart + spec.loadTimeoutSeconds * 1000;
  for (const batch of generateTuples(shape, 100)) {
    await plain.write(store, model, { writes: batch });
    if (performance.now() > deadline)
      throw new Error(`loading took over ${spec.loadTimeoutSeconds} s (${store.size} tuples)`);
  }
  return { store, load: { tuples: store.size, seconds: (performance.now() - loadStart) / 1000 } };
}
const { store, load, close } = await openStore();
const memory = { baseline, loaded: memoryMb() };

const target = { model, store };
const checks = sampleChecks(shape, spec.checkPool);
const checkAt = (engine) => (i) => engine.check(target, { tupleKey: checks[i % checks.length] });

// The answers to the first checks, compared by run.js with the reference evaluator's.
// As many as `answerSeconds` allow (a SQL store may be slow).
let answers = '';
const answerDeadline = performance.now() + spec.answerSeconds * 1000;
for (const tupleKey of checks.slice(0, spec.answerCount)) {
  if (performance.now() > answerDeadline) break;
  answers += (await plain.check(target, { tupleKey })).allowed ? '1' : '0';
}

const phases = {
  warmupSeconds: spec.warmupSeconds,
  durationSeconds: spec.durationSeconds,
  maxOperations: 2_000_000,
};
const check = {};
for (const [name, engine] of [
  ['noCache', plain],
  ['cache', cached],
]) {
  check[name] = {};
  for (const concurrency of [1, 16]) {
    check[name][`c${concurrency}`] = await closedLoop(checkAt(engine), { ...phases, concurrency });
  }
}

const batchSize = MAX_BATCH_CHECK_ITEMS;
const batchCheck = await closedLoop(
  (i) =>
    plain.batchCheck(target, {
      checks: Array.from({ length: batchSize }, (_, k) => ({
        tupleKey: checks[(i * batchSize + k) % checks.length],
        correlationId: String(k),
      })),
    }),
  { ...phases, concurrency: 1, maxOperations: 100_000 },
);
batchCheck.batchSize = batchSize;

// ListObjects for an admin of the first organization: every document of it (documentsPerOrg of them), streamed.
const listRequest = { user: 'user:o0u0', relation: 'viewer', type: 'document' };
const listObjects = { request: listRequest, expected: shape.documentsPerOrg, runs: [] };
for (let run = 0; run < spec.listObjectsRuns; run++) {
  const start = performance.now();
  let first = Number.NaN;
  let count = 0;
  let stopped = false;
  for await (const _ of plain.listObjects(target, listRequest)) {
    if (count === 0) first = performance.now() - start;
    count++;
    if (performance.now() - start > spec.listObjectsTimeoutSeconds * 1000) {
      stopped = true;
      break;
    }
  }
  listObjects.runs.push({ count, firstMs: first, lastMs: performance.now() - start, stopped });
}

const memoryAfter = memoryMb();
await close?.();
process.stdout.write(
  `${JSON.stringify({ shape, load, memory, answers, check, batchCheck, listObjects, memoryAfter })}\n`,
);
