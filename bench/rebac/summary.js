// The ReBAC benchmark's closing sections: one summary table per part, the side-by-side ratios, the targets with
// their verdicts, and the caveats, all from the results of one run (run.js).
import { int, ratio, table } from '../lib/format.js';
import { median, verdict, verdictBelow } from '../lib/runner.js';
import { mb, medianListRun, ms, seconds } from './report.js';

const DATABASES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const HEADER = ['measurement', 'figure', 'p50 ms', 'p99 ms'];

/** Rows of one part's table: a rate with its latency, a list with its first and last object, or a plain figure. */
const rateRow = (label, run, unit = 'checks/s', perOperation = 1) =>
  run
    ? [label, `${int(run.perSecond * perOperation)} ${unit}`, ms(run.latencyMs.p50), ms(run.latencyMs.p99)]
    : [label, 'not measured', '-', '-'];
const listRow = (label, runs) => {
  const run = runs && medianListRun(runs);
  return run
    ? [
        label,
        `${int(run.count)} objects, first ${ms(run.firstMs)} ms, last ${ms(run.lastMs)} ms${run.stopped ? ' (stopped)' : ''}`,
        '-',
        '-',
      ]
    : [label, 'not measured', '-', '-'];
};
const figureRow = (label, text) => [label, text, '-', '-'];

/** The rows every engine-in-process run shares (memory store, or the SQL store under a server). */
function engineRows(run) {
  const b = run.batchCheck;
  return [
    rateRow('Check, no cache, c=1', run.check.noCache.c1),
    rateRow('Check, no cache, c=16', run.check.noCache.c16),
    rateRow('Check, cache, c=1', run.check.cache.c1),
    rateRow('Check, cache, c=16', run.check.cache.c16),
    rateRow(`BatchCheck of ${b.batchSize}, c=1`, b, 'checks/s', b.batchSize),
    listRow('ListObjects (median of 3)', run.listObjects.runs),
  ];
}

/**
 * `results`: { tessera, servers: { sqlite?, postgres? }, notMeasured: { sqlite?, postgres? }, spicedb, roles,
 * roleRatios, sameData }.
 */
export function printSummary(print, results) {
  const { tessera, servers, notMeasured, spicedb, roles, roleRatios, sameData } = results;
  const section = (title, rows) => {
    print(`  ${title}`);
    print(table(HEADER, rows, '    '));
    print();
  };
  if (tessera) {
    section('Tessera in-process, memory store', [
      ...engineRows(tessera),
      figureRow(
        "load (the engine's Write)",
        `${int(tessera.load.tuples)} tuples in ${seconds(tessera.load.seconds)}`,
      ),
      figureRow('process RSS, loaded', mb(tessera.memory.loaded.rssMb)),
    ]);
  }
  for (const [database, label] of Object.entries(DATABASES)) {
    const server = servers[database];
    if (!server) {
      print(`  Tessera server on ${label}: not measured (${notMeasured[database] ?? 'not run'})`);
      print();
      continue;
    }
    const { load } = server;
    section(`Tessera server on ${label}`, [
      figureRow(
        `load (${load.how})`,
        `${Number.isFinite(load.tuples) ? `${int(load.tuples)} tuples` : 'the data set'} in ${seconds(load.seconds)}${load.stopped ? ' (STOPPED: incomplete)' : ''}`,
      ),
      ...engineRows(server.inProcess).map(([name, ...rest]) => [`in-process: ${name}`, ...rest]),
      rateRow('over HTTP: Check, c=1', server.http.runs.c1),
      rateRow('over HTTP: Check, c=16', server.http.runs.c16),
      listRow('over HTTP: streamed ListObjects (median of 3)', server.listObjects.runs),
      figureRow(
        'server RSS, loaded / at the end',
        `${mb(server.memory.loadedMb)} / ${mb(server.memory.endMb)}`,
      ),
    ]);
  }
  if (spicedb) {
    const b = spicedb.bulkCheck;
    section(
      `SpiceDB embedded, memory datastore${sameData ? '' : ` (its own ${int(spicedb.load.tuples)} tuples)`}`,
      [
        rateRow('CheckPermission, c=1', spicedb.check.c1),
        rateRow('CheckPermission, c=16', spicedb.check.c16),
        rateRow(`CheckBulkPermissions of ${b.batchSize}, c=1`, b, 'checks/s', b.batchSize),
        listRow('LookupResources (1 run)', spicedb.lookupResources.runs),
        figureRow(
          'load (WriteRelationships of 1,000)',
          `${int(spicedb.load.tuples)} tuples in ${seconds(spicedb.load.seconds)}${spicedb.load.stopped ? ' (STOPPED: incomplete)' : ''}`,
        ),
        figureRow('process RSS, loaded', mb(spicedb.memory.loaded.rssMb)),
      ],
    );
  }
  if (roles) {
    const medianOf = (name) => median(roles.rounds.map((r) => r[name].perSecond));
    const p = (name, q) => median(roles.rounds.map((r) => r[name].latencyMs[q]));
    section(`Role checks (median of ${roles.rounds.length} rounds)`, [
      [
        'casbin enforce, c=1',
        `${int(medianOf('casbin'))} enforce/s`,
        ms(p('casbin', 'p50')),
        ms(p('casbin', 'p99')),
      ],
      [
        'Tessera Check, c=1',
        `${int(medianOf('tessera'))} checks/s`,
        ms(p('tessera', 'p50')),
        ms(p('tessera', 'p99')),
      ],
    ]);
  }

  // Side by side: ratios from this run only.
  const rows = [];
  if (tessera && spicedb) {
    const comparable = sameData ? '' : ' (different data sets)';
    const rate = (r, n = 1) => r.perSecond * n;
    rows.push([
      `Tessera/SpiceDB, Check c=1${comparable}`,
      ratio(rate(tessera.check.noCache.c1) / rate(spicedb.check.c1)),
    ]);
    rows.push([
      `Tessera/SpiceDB, Check c=16${comparable}`,
      ratio(rate(tessera.check.noCache.c16) / rate(spicedb.check.c16)),
    ]);
    rows.push([
      `Tessera/SpiceDB, batch of 50${comparable}`,
      ratio(
        rate(tessera.batchCheck, tessera.batchCheck.batchSize) /
          rate(spicedb.bulkCheck, spicedb.bulkCheck.batchSize),
      ),
    ]);
    const t = medianListRun(tessera.listObjects.runs);
    const s = medianListRun(spicedb.lookupResources.runs);
    if (t && s && !s.stopped)
      rows.push([`SpiceDB/Tessera, time to list every object${comparable}`, ratio(s.lastMs / t.lastMs)]);
  }
  if (roleRatios)
    rows.push([
      `Tessera/casbin, role checks (rounds: ${roleRatios.ratios.map(ratio).join(', ')})`,
      ratio(roleRatios.median),
    ]);
  if (rows.length > 0) {
    print('  Side by side (memory stores, in-process, this run)');
    print(table(['ratio', 'value'], rows, '    '));
  }
}

/** The issue's targets, each `met`, `NOT met` or `not measured` (with the reason). */
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
