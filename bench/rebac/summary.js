// The ReBAC benchmark's closing sections: one summary table per part, the targets with their verdicts, and the
// caveats, all from the results of one run (run.js).
import { int, ratio, table } from '../lib/format.js';
import { median, verdict, verdictBelow } from '../lib/runner.js';
import { mb, medianListRun, ms, seconds } from './report.js';

const DATABASES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const checkRow = (label, run, unit = 1) =>
  run
    ? [label, int(run.perSecond * unit), ms(run.latencyMs.p50), ms(run.latencyMs.p99)]
    : [label, '-', '-', '-'];
const listRow = (label, runs) => {
  const run = runs && medianListRun(runs);
  return run ? [label, int(run.count), ms(run.firstMs), ms(run.lastMs)] : [label, '-', '-', '-'];
};

/**
 * `results`: { tessera, servers: { sqlite?, postgres? }, notMeasured: { sqlite?, postgres? }, spicedb, roles,
 * roleRatios, sameData }.
 */
export function printSummary(print, results) {
  const { tessera, servers, notMeasured, spicedb, roles, roleRatios, sameData } = results;
  const rows = [];
  if (tessera) {
    rows.push(checkRow('Tessera memory, Check, no cache, c=1', tessera.check.noCache.c1));
    rows.push(checkRow('Tessera memory, Check, no cache, c=16', tessera.check.noCache.c16));
    rows.push(checkRow('Tessera memory, Check, cache, c=1', tessera.check.cache.c1));
    rows.push(checkRow('Tessera memory, Check, cache, c=16', tessera.check.cache.c16));
    const b = tessera.batchCheck;
    rows.push(checkRow(`Tessera memory, BatchCheck of ${b.batchSize}, c=1`, b, b.batchSize));
  }
  for (const [database, label] of Object.entries(DATABASES)) {
    const server = servers[database];
    if (!server) continue;
    rows.push(checkRow(`Tessera ${label} in-process, Check, c=1`, server.inProcess.check.noCache.c1));
    rows.push(checkRow(`Tessera ${label} in-process, Check, c=16`, server.inProcess.check.noCache.c16));
    rows.push(checkRow(`Tessera ${label} over HTTP, Check, c=1`, server.http.runs.c1));
    rows.push(checkRow(`Tessera ${label} over HTTP, Check, c=16`, server.http.runs.c16));
  }
  if (spicedb) {
    rows.push(checkRow('SpiceDB memory, CheckPermission, c=1', spicedb.check.c1));
    rows.push(checkRow('SpiceDB memory, CheckPermission, c=16', spicedb.check.c16));
    const b = spicedb.bulkCheck;
    rows.push(checkRow(`SpiceDB memory, CheckBulkPermissions of ${b.batchSize}, c=1`, b, b.batchSize));
  }
  print(table(['checks', 'checks/s', 'p50 ms', 'p99 ms'], rows));
  for (const [database, reason] of Object.entries(notMeasured))
    print(`  Tessera on ${DATABASES[database]}: not measured (${reason})`);
  if (tessera && spicedb) {
    const batch = (r, b) => r.perSecond * b.batchSize;
    print(
      `  Tessera/SpiceDB (memory stores), Check c=1: ${ratio(tessera.check.noCache.c1.perSecond / spicedb.check.c1.perSecond)}; ` +
        `c=16: ${ratio(tessera.check.noCache.c16.perSecond / spicedb.check.c16.perSecond)}; batch: ` +
        `${ratio(batch(tessera.batchCheck, tessera.batchCheck) / batch(spicedb.bulkCheck, spicedb.bulkCheck))}` +
        `${sameData ? '' : ' (different data set sizes: not comparable)'}`,
    );
  }
  print();

  const listRows = [];
  if (tessera) listRows.push(listRow('Tessera memory, ListObjects (median of 3)', tessera.listObjects.runs));
  for (const [database, label] of Object.entries(DATABASES)) {
    const server = servers[database];
    if (!server) continue;
    listRows.push(listRow(`Tessera ${label} in-process, ListObjects`, server.inProcess.listObjects.runs));
    listRows.push(listRow(`Tessera ${label} over HTTP, streamed`, server.listObjects.runs));
  }
  if (spicedb)
    listRows.push(listRow('SpiceDB memory, LookupResources (1 run)', spicedb.lookupResources.runs));
  print(
    table(
      ['list (an admin of organization o0: viewer of document)', 'objects', 'first ms', 'last ms'],
      listRows,
    ),
  );
  print();

  const loadRows = [];
  if (tessera)
    loadRows.push([
      "Tessera memory store (the engine's Write)",
      int(tessera.load.tuples),
      seconds(tessera.load.seconds),
      mb(tessera.memory.loaded.rssMb),
    ]);
  for (const [database, label] of Object.entries(DATABASES)) {
    const server = servers[database];
    if (!server) loadRows.push([`Tessera ${label}`, '-', 'not measured', '-']);
    else
      loadRows.push([
        `Tessera ${label} (${server.load.how})`,
        Number.isFinite(server.load.tuples) ? int(server.load.tuples) : 'all',
        `${seconds(server.load.seconds)}${server.load.stopped ? ' STOPPED' : ''}`,
        `server ${mb(server.memory.loadedMb)}`,
      ]);
  }
  if (spicedb)
    loadRows.push([
      'SpiceDB memory datastore (WriteRelationships)',
      int(spicedb.load.tuples),
      `${seconds(spicedb.load.seconds)}${spicedb.load.stopped ? ' STOPPED' : ''}`,
      mb(spicedb.memory.loaded.rssMb),
    ]);
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
}

/** The targets, each `met`, `NOT met` or `not measured` (with the reason). */
export function targetLines(results, { trustworthy, tuples }) {
  const { tessera, servers, notMeasured, roleRatios } = results;
  const opts = { trustworthy };
  const lines = [];
  const target = (name, value, judge, show, reason) => {
    const verdictText = judge(value);
    const detail = Number.isFinite(value) ? ` (${show(value)})` : reason ? ` (${reason})` : '';
    lines.push(`${name}: ${verdictText}${detail}`);
  };
  const perSecond = (v) => `${int(v)} checks/s`;
  const msText = (v) => `${ms(v)} ms`;
  const list = (runs) => {
    const run = runs && medianListRun(runs);
    return run && run.count >= 10_000 && !run.stopped ? run.lastMs / 1000 : Number.NaN;
  };
  const listReason = (runs) => {
    const run = runs && medianListRun(runs);
    return run && run.count < 10_000 ? `only ${int(run.count)} objects in this data set` : undefined;
  };
  const sqlite = servers.sqlite;
  const postgres = servers.postgres;
  const serverReason = (database) => notMeasured[database] ?? (servers[database] ? undefined : 'not run');
  const importSeconds = (server) =>
    server?.load.how.startsWith('tessera fga') ? server.load.seconds : Number.NaN;
  const importReason = (database) =>
    serverReason(database) ??
    'this build has no `tessera fga tuples import`; loaded through the Write API instead';

  target(
    'in-process Check on the memory store, c=1 >= 50,000 checks/s',
    tessera?.check.noCache.c1.perSecond,
    (v) => verdict(v, 50_000, opts),
    perSecond,
  );
  target(
    'ListObjects of >= 10,000 objects on the memory store < 1 s',
    list(tessera?.listObjects.runs),
    (v) => verdictBelow(v, 1, opts),
    seconds,
    listReason(tessera?.listObjects.runs),
  );
  target('role checks >= 20x casbin enforce', roleRatios?.median, (v) => verdict(v, 20, opts), ratio);
  target(
    'SQLite: Check in-process p99 < 1 ms at c=16',
    sqlite?.inProcess.check.noCache.c16.latencyMs.p99,
    (v) => verdictBelow(v, 1, opts),
    msText,
    serverReason('sqlite'),
  );
  target(
    'SQLite: Check over HTTP p99 < 5 ms at c=16',
    sqlite?.http.runs.c16.latencyMs.p99,
    (v) => verdictBelow(v, 5, opts),
    msText,
    serverReason('sqlite'),
  );
  target(
    'PostgreSQL: Check over HTTP p99 < 10 ms at c=16',
    postgres?.http.runs.c16.latencyMs.p99,
    (v) => verdictBelow(v, 10, opts),
    msText,
    serverReason('postgres'),
  );
  target(
    'SQLite: ListObjects of >= 10,000 objects (streamed over HTTP) < 1 s',
    list(sqlite?.listObjects.runs),
    (v) => verdictBelow(v, 1, opts),
    seconds,
    serverReason('sqlite') ?? listReason(sqlite?.listObjects.runs),
  );
  target(
    'SQLite: import of the data set < 60 s',
    importSeconds(sqlite),
    (v) => verdictBelow(v, 60, opts),
    seconds,
    importReason('sqlite'),
  );
  target(
    'PostgreSQL: import of the data set < 120 s',
    importSeconds(postgres),
    (v) => verdictBelow(v, 120, opts),
    seconds,
    importReason('postgres'),
  );
  target(
    'server process memory (SQLite) with the data set stored < 500 MB',
    sqlite ? Math.max(sqlite.memory.loadedMb, sqlite.memory.endMb) : Number.NaN,
    (v) => verdictBelow(v, 500, opts),
    mb,
    serverReason('sqlite'),
  );
  target(
    'for information: memory-store process RSS with the data set loaded < 500 MB',
    tessera?.memory.loaded.rssMb,
    (v) => verdictBelow(v, 500, opts),
    mb,
  );
  if (tuples < 1_000_000)
    lines.push(`(the targets are set for 1,000,000 tuples; this run had ${int(tuples)})`);
  return lines;
}

export const CAVEATS = [
  'Every contender runs in its own process, one after another, on the same machine. In-process parts call their',
  "  engine from the same process (no network), so latency at c=16 includes the caller's own queueing.",
  "Tessera's memory store is loaded through the engine's Write (model validation, 100 tuples a write), the server",
  '  through `tessera fga tuples import` or, without it, the Write API; SpiceDB through WriteRelationships of',
  '  1,000 CREATEs over FFI. Load times include generating the tuples (see the data set line for how long that takes).',
  'SpiceDB embedded uses its memory datastore, which has no index on the subject, with its caches as the package',
  '  leaves them; it reads at_least_as_fresh as the last write. Its figures are bounded samples (a few hundred checks,',
  '  one LookupResources with a time limit), not a tuned SpiceDB deployment: the targets are not set against it.',
  'The cache runs replay a pool of 200,000 sampled checks; the engine caches sub-problems per user and revision, so',
  '  its gain depends on how often checks of one user repeat.',
  "casbin holds only the role assignments (as Tessera's store does for that part); its matcher scans the policies",
  "  of every role (casbin's own RBAC-with-domains model), and `enforce` is awaited like Tessera's Check.",
  'RSS is that of the whole measuring process (Node, the engine, the store and the sample pool); for SpiceDB it',
  '  includes the Go runtime of the embedded library; for the server, the whole Tessera server.',
];
