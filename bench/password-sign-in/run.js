// Runs the password sign-in benchmark: argon2id verifies and POST /login sign-ins per core, failed-sign-in timing.
// Tessera only, compared with Keycloak's published sizing; exits 1 if any part failed or had errors.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { int, percent } from '../lib/format.js';
import { runLoadGenerator, runNodeForJson, stopAll } from '../lib/processes.js';
import { cpuProfileArgs, createRunner, secondsFromEnv } from '../lib/runner.js';
import { assertTesseraBuilt, startTessera, TesseraNotBuilt } from '../lib/tessera.js';

const settings = {
  warmupSeconds: secondsFromEnv('BENCH_WARMUP_SECONDS', 2),
  durationSeconds: secondsFromEnv('BENCH_DURATION_SECONDS', 10),
  verifySeconds: secondsFromEnv('BENCH_CEILING_SECONDS', 3),
  workers: 4,
  timingPairs: 200,
  timingWarmupPairs: 5,
};
const CORES = cpus().length;
const KEYCLOAK_PER_VCPU = 15;
const KEYCLOAK_SOURCE = 'https://www.keycloak.org/high-availability/concepts-memory-and-cpu-sizing';
// Workers sign in to the first `workers` accounts; failed-sign-in timing spreads over all of them (< 100 each).
const USERS = Array.from({ length: 8 }, (_, i) => ({
  email: `bench-${i}@example.com`,
  password: `bench passphrase ${i}23`,
}));
const VERIFY_SCRIPT = fileURLToPath(new URL('./argon2-verify.js', import.meta.url));
const LOAD_SCRIPT = fileURLToPath(new URL('./sign-in-load.js', import.meta.url));
const TIMING_SCRIPT = fileURLToPath(new URL('./failed-sign-in-timing.js', import.meta.url));
const runner = createRunner();
const { print, noise } = runner;
const log = (line) => print(`  ${line}`);
const perCore = (perSecond, cores) => perSecond / cores;
const fixed1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-');

print('Password sign-in benchmark: argon2id verify and POST /login, per core');
print(`  ${runner.machine()}`);
print();

const results = {};

print(
  `Raw argon2id verify (@node-rs/argon2, Tessera's hash and parameters), ${settings.verifySeconds} s each`,
);
try {
  const watch = await noise.before('raw verify');
  const raw = await runNodeForJson([VERIFY_SCRIPT, String(settings.verifySeconds)], {
    env: process.env,
    timeoutMs: (2 * settings.verifySeconds + 60) * 1000,
  });
  results.raw = raw;
  raw.quiet = noise.after(watch);
  const { memoryCost, timeCost, parallelism } = raw.parameters;
  print(
    `  parameters: m=${memoryCost} KiB, t=${timeCost}, p=${parallelism} (hash ${raw.hashPrefix}$..., @node-rs/argon2 ${raw.argon2Version})`,
  );
  print(
    `  one at a time (sequential awaits, one core busy): ${fixed1(raw.sequential.perSecond)} verifies/s ` +
      `= ${fixed1(raw.sequential.perSecond)} per core (${fixed1(raw.sequential.meanMs)} ms each)`,
  );
  print(
    `  two in flight (libuv thread pool, ${CORES} cores): ${fixed1(raw.twoInFlight.perSecond)} verifies/s ` +
      `= ${fixed1(perCore(raw.twoInFlight.perSecond, Math.min(2, CORES)))} per core (${fixed1(raw.twoInFlight.meanMs)} ms each)`,
  );
  if (raw.quiet) print(`  ${raw.quiet}`);
} catch (error) {
  runner.failure(log, error, '    ');
}
print();

let tessera;
try {
  assertTesseraBuilt();
  print('Starting Tessera (fresh temp SQLite dir, TESSERA_TRUSTED_PROXIES=127.0.0.1 for the timing part)');
  tessera = await startTessera({
    users: USERS,
    env: { TESSERA_TRUSTED_PROXIES: '127.0.0.1' },
    nodeArgs: cpuProfileArgs(),
  });
} catch (error) {
  runner.fail();
  const label = error instanceof TesseraNotBuilt ? 'NOT MEASURED' : 'FAILED';
  print(`  ${label}: ${error.message.split('\n').join('\n    ')}`);
}

try {
  if (tessera) {
    print();
    print(
      `End-to-end sign-ins: ${settings.workers} workers in their own process, each looping GET /login then POST /login ` +
        `(right password, its own account), ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s measured`,
    );
    try {
      const spec = {
        issuer: tessera.issuer,
        users: USERS.slice(0, settings.workers),
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.durationSeconds,
      };
      const outputBefore = tessera.child.outputBytes;
      const watch = await noise.before('end-to-end sign-ins');
      const load = await runLoadGenerator(LOAD_SCRIPT, spec);
      const quiet = noise.after(watch);
      results.endToEnd = load;
      const { measured } = load;
      if (quiet) print(`  ${quiet}`);
      print(
        `  ${fixed1(measured.perSecond)} sign-ins/s = ${fixed1(perCore(measured.perSecond, CORES))} per core on ${CORES} cores ` +
          `(${int(measured.ok)} in ${measured.seconds} s; GET+POST latency p50 ${measured.latencyMs.p50} ms, ` +
          `p99 ${measured.latencyMs.p99} ms, max ${measured.latencyMs.max} ms)`,
      );
      print(`  failed sign-ins: warm-up ${load.warmup.errors}, measured ${measured.errors}`);
      for (const [message, count] of Object.entries(load.errorSamples)) print(`    ${count} x ${message}`);
      const written = tessera.child.outputBytes - outputBefore;
      if (written > 0) print(`  note: the server wrote ${written} bytes of output under load`);
      if (load.warmup.errors + measured.errors > 0) {
        runner.fail();
        print('  FLAGGED: some sign-ins failed');
      }
    } catch (error) {
      runner.failure(log, error, '    ');
    }

    print();
    print(
      `Failed sign-in timing: ${settings.timingPairs} unknown-email and ${settings.timingPairs} wrong-password POST /login, ` +
        `one at a time, interleaved (after ${settings.timingWarmupPairs} discarded pairs);`,
    );
    print(
      `  every attempt from its own X-Forwarded-For address, fresh unknown emails, wrong passwords spread over ${USERS.length} accounts`,
    );
    try {
      const spec = {
        issuer: tessera.issuer,
        existingEmails: USERS.map((user) => user.email),
        pairs: settings.timingPairs,
        warmupPairs: settings.timingWarmupPairs,
      };
      const watch = await noise.before('failed sign-in timing');
      const timing = await runNodeForJson([TIMING_SCRIPT, JSON.stringify(spec)], {
        env: process.env,
        timeoutMs: 300_000,
      });
      const quiet = noise.after(watch);
      results.timing = timing;
      if (quiet) print(`  ${quiet}`);
      const line = (label, s) =>
        `  ${label.padEnd(34)} mean ${s.mean.toFixed(2)} ms, median ${s.median.toFixed(2)} ms, sd ${s.stdev.toFixed(2)} ms (n=${s.n})`;
      print(line('unknown email:', timing.unknown));
      print(line('wrong password, existing email:', timing.wrongPassword));
      print(
        `  gap (unknown - wrong password): ${timing.differenceMs.toFixed(2)} ms = ${(timing.relativeGap * 100).toFixed(1)}% ` +
          `of the wrong-password mean (95% interval ${timing.ci95Ms.map((ms) => ms.toFixed(2)).join(' to ')} ms)`,
      );
    } catch (error) {
      runner.failure(log, error, '    ');
    }
  }
} finally {
  await tessera?.stop();
  await stopAll();
}
print();

print('Summary (per core = rate / cores busy)');
const rawSeq = results.raw?.sequential.perSecond;
const rawTwo = results.raw ? perCore(results.raw.twoInFlight.perSecond, Math.min(2, CORES)) : undefined;
const e2e = results.endToEnd ? perCore(results.endToEnd.measured.perSecond, CORES) : undefined;
print(`  raw verify, one at a time:        ${fixed1(rawSeq).padStart(6)} per core`);
print(`  raw verify, two in flight:        ${fixed1(rawTwo).padStart(6)} per core`);
print(
  `  end-to-end GET+POST /login:       ${fixed1(e2e).padStart(6)} per core` +
    (Number.isFinite(e2e) ? `  (${percent(e2e / rawTwo)} of raw verify per core)` : ''),
);
print(
  `  Keycloak's published sizing:      ${fixed1(KEYCLOAK_PER_VCPU).padStart(6)} per vCPU  -> Tessera end-to-end ` +
    `${Number.isFinite(e2e) ? `${(e2e / KEYCLOAK_PER_VCPU).toFixed(2)}x` : '-'} (${KEYCLOAK_SOURCE})`,
);
print(
  '  (Keycloak measures a whole browser login on its own hardware and hash settings; this is one machine, the load ' +
    'generator sharing its cores. Compare orders of magnitude, not decimals.)',
);
if (results.timing) {
  print(
    `  failed sign-in, unknown email vs wrong password: ${results.timing.unknown.mean.toFixed(2)} ms vs ` +
      `${results.timing.wrongPassword.mean.toFixed(2)} ms, gap ${(results.timing.relativeGap * 100).toFixed(1)}% (a measurement, not a test)`,
  );
}
runner.finish();
