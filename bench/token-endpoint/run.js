// `npm run bench`: signing ceilings, then the client-credentials token endpoint of oidc-provider and Tessera under
// load for RS256 and ES256, then a summary against the targets. Exits 1 if any part failed or any run had errors.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { int, ratio } from '../lib/format.js';
import { runNodeForJson, stopAll } from '../lib/processes.js';
import { createRunner, secondsFromEnv } from '../lib/runner.js';
import { startTessera, tesseraBuildProblem } from '../lib/tessera.js';
import { measureServer } from './measure-server.js';
import { summaryTable, targetLines } from './report.js';
import { startOidcProvider } from './start-oidc-provider.js';

const settings = {
  warmupSeconds: secondsFromEnv('BENCH_WARMUP_SECONDS', 2),
  durationSeconds: secondsFromEnv('BENCH_DURATION_SECONDS', 10),
  ceilingSeconds: secondsFromEnv('BENCH_CEILING_SECONDS', 3),
  connections: 50,
  pipelining: 1,
};
const ALGS = ['RS256', 'ES256'];
const KEY_NAMES = { RS256: 'RSA 2048', ES256: 'P-256' };
const SERVERS = [
  { name: 'oidc-provider', start: startOidcProvider },
  {
    name: 'tessera',
    start: (alg) =>
      startTessera({
        alg,
        client: {
          name: 'bench',
          grantTypes: 'client_credentials',
          scope: 'read write',
          audience: 'https://api.example.com',
        },
      }),
  },
];
const CEILING_SCRIPT = fileURLToPath(new URL('./signing-ceiling.js', import.meta.url));
const SDK_ROLE_CHECKS_SCRIPT = fileURLToPath(new URL('./sdk-role-checks.js', import.meta.url));
/** The organization the organization-roles client holds its roles in (orgs add-client), asked for per token. */
const ORGANIZATION = 'acme';

/** Tessera with the same client holding three roles in an organization, each token asked for it (organization=). */
function startTesseraWithOrganization(alg) {
  return startTessera({
    alg,
    client: {
      name: 'bench',
      grantTypes: 'client_credentials',
      scope: 'read write',
      audience: 'https://api.example.com',
    },
    setup: async (cli, { clientId }) => {
      await cli(['roles', 'create', 'admin', '--permissions', 'users:read users:write posts:delete']);
      await cli(['roles', 'create', 'editor', '--permissions', 'posts:read posts:write']);
      await cli(['roles', 'create', 'billing', '--permissions', 'invoices:read']);
      await cli(['orgs', 'create', ORGANIZATION]);
      const roles = ['admin', 'editor', 'billing'].flatMap((role) => ['--role', role]);
      // `--` first: a client id may start with a hyphen.
      await cli(['orgs', 'add-client', ...roles, '--', ORGANIZATION, clientId]);
    },
  }).then((server) => ({ ...server, tokenForm: `organization=${ORGANIZATION}` }));
}
const version = (pkg) => createRequire(import.meta.url)(`${pkg}/package.json`).version;

const results = Object.fromEntries(ALGS.map((alg) => [alg, {}]));
const runner = createRunner();
const { print, noise } = runner;

print('Token endpoint benchmark: client_credentials grant, client_secret_basic, RFC 9068 JWT access tokens');
print(`  ${runner.machine()}`);
print(`  oidc-provider ${version('oidc-provider')}, autocannon ${version('autocannon')}`);
print(
  `  load: autocannon in its own process, ${settings.connections} connections, pipelining ${settings.pipelining}, ` +
    `${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s measured per run; each server in its own process`,
);
print(
  '  state: Tessera keeps no per-token state for client credentials (fresh temp SQLite dir: clients and keys only);',
);
print(
  '         oidc-provider runs with its default in-memory adapter, which it never writes for JWT access tokens.',
);
print();

print(`Signing ceiling: sync node:crypto.sign in a loop, one thread, ${settings.ceilingSeconds} s per alg`);
for (const alg of ALGS) {
  try {
    const watch = await noise.before(`${alg} ceiling`);
    const ceiling = await runNodeForJson([CEILING_SCRIPT, alg, String(settings.ceilingSeconds)], {
      env: process.env,
      timeoutMs: (settings.ceilingSeconds + 60) * 1000,
    });
    const quiet = noise.after(watch);
    results[alg].ceiling = ceiling;
    print(
      `  ${alg} (${KEY_NAMES[alg]}): ${int(ceiling.perSecond).padStart(7)} signatures/s (${ceiling.inputBytes}-byte input); ` +
        `for information, callback crypto.sign on the thread pool: ${int(ceiling.poolPerSecond)}/s`,
    );
    if (quiet) print(`    ${quiet}`);
  } catch (error) {
    runner.fail();
    results[alg].ceiling = { error };
    print(`  ${alg}: FAILED: ${error.message}`);
  }
}
print();

const tesseraMissing = tesseraBuildProblem();

print('Token endpoint under load (req/s = 2xx responses per second over the measured interval)');
try {
  for (const alg of ALGS) {
    for (const server of SERVERS) {
      const label = `${alg} ${server.name}`;
      print(`  ${label}`);
      const log = (line) => print(`    ${line}`);
      if (server.name === 'tessera' && tesseraMissing) {
        runner.fail();
        results[alg].tessera = { error: new Error(tesseraMissing) };
        log(`NOT MEASURED: ${tesseraMissing}`);
        continue;
      }
      try {
        const watch = await noise.before(label);
        const run = await measureServer(server.start, alg, settings, log);
        const quiet = noise.after(watch);
        if (quiet) log(quiet);
        results[alg][server.name] = run;
        const { measured } = run;
        log(
          `${int(run.okPerSecond)} req/s  (${int(measured.ok)} ok in ${measured.seconds} s; latency p50 ` +
            `${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, max ${measured.latencyMs.max} ms)`,
        );
        log(
          `non-2xx: ${measured.non2xx}, connection errors: ${measured.errors}, timeouts: ${measured.timeouts}`,
        );
        runner.flagProblems(log, run);
      } catch (error) {
        results[alg][server.name] = { error };
        runner.failure(log, error, '      ');
      }
    }
  }
} finally {
  await stopAll();
}
print();

print(
  'Organization roles: Tessera, the same client holding 3 roles (6 permissions) in an organization, every token ' +
    'asked for it (organization=acme): the roles and permissions are read from the database at each token',
);
const organizationResults = {};
try {
  for (const alg of ALGS) {
    const log = (line) => print(`    ${line}`);
    print(`  ${alg} tessera organization=`);
    if (tesseraMissing) {
      runner.fail();
      log(`NOT MEASURED: ${tesseraMissing}`);
      continue;
    }
    try {
      const watch = await noise.before(`${alg} tessera organization`);
      // The SDK's role check needs a real organization token and the server's JWKS: measured once, on ES256.
      const onSample =
        alg === 'ES256'
          ? (sample, server) =>
              runNodeForJson(
                [
                  SDK_ROLE_CHECKS_SCRIPT,
                  JSON.stringify({
                    issuer: server.issuer,
                    audience: 'https://api.example.com',
                    token: sample.accessToken,
                    org: sample.claims.org_id,
                    warmupSeconds: settings.warmupSeconds,
                    durationSeconds: Math.min(settings.durationSeconds, 5),
                  }),
                ],
                {
                  env: process.env,
                  timeoutMs: (settings.warmupSeconds + 2 * settings.durationSeconds + 60) * 1000,
                },
              )
          : undefined;
      const run = await measureServer(startTesseraWithOrganization, alg, settings, log, { onSample });
      const quiet = noise.after(watch);
      if (quiet) log(quiet);
      organizationResults[alg] = run;
      const { measured } = run;
      const plain = results[alg].tessera?.okPerSecond;
      log(
        `${int(run.okPerSecond)} req/s  (latency p50 ${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms); ` +
          `plain client_credentials above: ${int(plain)} req/s, so ${ratio(run.okPerSecond / plain)} of it`,
      );
      log(
        `token claims: roles ${JSON.stringify(run.sample.claims.roles)}, ${run.sample.claims.permissions?.length} permissions`,
      );
      if (run.extra) {
        log(
          `@tessera/verify requireRole('admin', { org }) on that token, one thread: ${int(run.extra.checkOnly)} checks/s ` +
            `on a request already verified; ${int(run.extra.withVerification)}/s on a fresh request (verification ` +
            'from the verifier cache + check)',
        );
      }
      runner.flagProblems(log, run);
    } catch (error) {
      runner.failure(log, error, '      ');
    }
  }
} finally {
  await stopAll();
}
print();

print('Summary');
print(summaryTable(results));
print();
print('Targets');
for (const line of targetLines(results)) print(line);
print();
print(
  'The ceiling is one thread signing synchronously; both servers sign asynchronously on the libuv thread pool ' +
    '(Tessera with crypto.sign callbacks, oidc-provider via jose and WebCrypto), so on several cores they can exceed it.',
);
runner.finish();
