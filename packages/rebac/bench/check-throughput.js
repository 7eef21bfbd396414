// The engine's own A/B benchmark: in-process Check and ListObjects on the memory store, over the ReBAC benchmark's
// data set and sampled checks (bench/rebac/dataset.js, the one generator). Run with `npm run bench:check -w
// packages/rebac` (builds first); BENCH_REBAC_TUPLES sets the size (default 830,000), BENCH_CACHE the cache entries
// (0: no cache). The side-by-side comparison with the peers is `npm run bench` (bench/rebac/).
import { generateTuples, MODEL_DSL, sampleChecks, shapeFor } from '../../../bench/rebac/dataset.js';
import { compileModelDsl, createRebacEngine, MemoryTupleStore } from '../dist/index.js';

const TUPLES = Number(process.env.BENCH_REBAC_TUPLES ?? 830_000);
const CACHE = Number(process.env.BENCH_CACHE ?? 0);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 20_000);
const shape = shapeFor(TUPLES);
const model = compileModelDsl(MODEL_DSL);

// BENCH_AB=<path of another build's dist/index.js>: the same checks through that build's engine and its own memory
// store too, in alternating rounds in this one process (A/B on a noisy machine). Both stores are loaded in the same
// pass, batch by batch, so that neither has the better memory layout.
const other = process.env.BENCH_AB ? await import(process.env.BENCH_AB) : undefined;
const otherStore = other ? new other.MemoryTupleStore() : undefined;

let started = performance.now();
const store = new MemoryTupleStore();
let batch = [];
const flush = async () => {
  await store.write({ writes: batch, deletes: [], onDuplicate: 'ignore' });
  await otherStore?.write({ writes: batch, deletes: [], onDuplicate: 'ignore' });
  batch = [];
};
for (const tuples of generateTuples(shape, 100)) {
  batch = tuples;
  await flush();
}
const loadMs = performance.now() - started;
const rssMb = process.memoryUsage().rss / 1e6;
console.log(`${store.size} tuples loaded in ${(loadMs / 1000).toFixed(1)} s, rss ${rssMb.toFixed(0)} MB`);

const engine = createRebacEngine({ cacheEntries: CACHE });
const target = { model, store };
const requests = sampleChecks(shape, CHECKS).map((tupleKey) => ({ tupleKey }));
// Warm up, and split the requests by answer so allowed and denied checks are measured apart.
const answers = [];
for (const request of requests) answers.push((await engine.check(target, request)).allowed);
const split = {
  allowed: requests.filter((_, i) => answers[i]),
  denied: requests.filter((_, i) => !answers[i]),
};

const builds = [['this build', engine, target]];
if (other) {
  const otherEngine = other.createRebacEngine({ cacheEntries: CACHE });
  const otherTarget = { model: other.compileModelDsl(MODEL_DSL), store: otherStore };
  for (const request of requests) await otherEngine.check(otherTarget, request);
  builds.push([process.env.BENCH_AB, otherEngine, otherTarget]);
}

/** Wall-clock checks/s and p50/p99, and CPU microseconds per check (process.cpuUsage, robust to a loaded machine). */
async function measure(name, list, [label, engine, target] = builds[0]) {
  const latencies = [];
  const cpu = process.cpuUsage();
  const began = performance.now();
  for (const request of list) {
    const start = performance.now();
    await engine.check(target, request);
    latencies.push(performance.now() - start);
  }
  const elapsed = performance.now() - began;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies[Math.floor(latencies.length * q)] ?? 0).toFixed(3);
  console.log(
    `${label}: check ${name}, concurrency 1, cache ${CACHE}: ${list.length} checks, ${Math.round((list.length / elapsed) * 1000)} checks/s, ` +
      `${((used.user + used.system) / list.length).toFixed(1)} CPU µs/check, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
  );
}
// BENCH_REPEAT rounds (default 3): on a shared machine the lowest CPU time per check is the least disturbed one.
for (let round = 0; round < Number(process.env.BENCH_REPEAT ?? 3); round++) {
  for (const build of builds) {
    await measure('mixed', requests, build);
    await measure('allowed', split.allowed, build);
    await measure('denied', split.denied, build);
  }
}
console.log(`${split.allowed.length} allowed of ${CHECKS}`);

// A/B: alternate the builds every 1,000 checks for BENCH_AB_ROUNDS rounds, so both see the same load, and report
// the median CPU µs per check of each build's chunks, allowed and denied apart.
if (builds.length > 1) {
  const chunkSize = 1000;
  for (const [name, list] of Object.entries(split)) {
    const samples = builds.map(() => []);
    const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 20);
    for (let round = 0; round < rounds; round++) {
      const offset = (round * chunkSize) % Math.max(1, list.length - chunkSize);
      const chunk = list.slice(offset, offset + chunkSize);
      for (const [index, [, abEngine, abTarget]] of builds.entries()) {
        const cpu = process.cpuUsage();
        for (const request of chunk) await abEngine.check(abTarget, request);
        const used = process.cpuUsage(cpu);
        samples[index].push((used.user + used.system) / chunk.length);
      }
    }
    for (const [index, [label]] of builds.entries()) {
      const sorted = samples[index].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      console.log(
        `A/B ${name}: ${label}: median ${median.toFixed(1)} CPU µs/check, min ${sorted[0].toFixed(1)}`,
      );
    }
  }
}

// Store reads per check, counted through a forwarding wrapper (sync reads too, when the store offers them).
const counts = { allowed: 0, denied: 0 };
let reads = 0;
const counting = Object.create(store);
for (const method of [
  'readTuple',
  'readByObjectRelation',
  'readByUser',
  'readTupleSync',
  'readByObjectRelationSync',
  'readUsersAndUsersetsSync',
  'readByUserSync',
]) {
  if (typeof store[method] !== 'function') continue;
  counting[method] = (...args) => {
    reads++;
    return store[method](...args);
  };
}
const countingTarget = { model, store: counting };
for (const [name, list] of Object.entries(split)) {
  reads = 0;
  for (const request of list.slice(0, 2000)) await engine.check(countingTarget, request);
  counts[name] = reads / Math.min(list.length, 2000);
}
console.log(
  `store reads per check: allowed ${counts.allowed.toFixed(1)}, denied ${counts.denied.toFixed(1)}`,
);

started = performance.now();
let first;
let count = 0;
const user = 'user:o0u0';
for await (const _object of engine.listObjects(target, { type: 'document', relation: 'viewer', user })) {
  first ??= performance.now() - started;
  count++;
}
console.log(
  `listObjects: ${count} documents, first after ${(first ?? 0).toFixed(1)} ms, last after ${(performance.now() - started).toFixed(1)} ms`,
);
