// Runs the code-flow benchmark: authorize -> code -> token round trips per second, oidc-provider against Tessera.
// Both RS256 with PKCE and JWT access tokens, the user already signed in; exits 1 if any part failed or had errors.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { int, ratio, table } from '../lib/format.js';
import { runLoadGenerator, stopAll } from '../lib/processes.js';
import {
  cpuProfileArgs,
  createRunner,
  inRounds,
  median,
  pairedRatios,
  roundsFromEnv,
  secondsFromEnv,
  verdict,
} from '../lib/runner.js';
import { startTessera as launchTessera, tesseraBuildProblem } from '../lib/tessera.js';
import { startOidcProvider } from './start-oidc-provider.js';

const settings = {
  warmupSeconds: secondsFromEnv('BENCH_WARMUP_SECONDS', 2),
  durationSeconds: secondsFromEnv('BENCH_DURATION_SECONDS', 10),
  rounds: roundsFromEnv(3),
  workers: 32,
};
const REDIRECT_URI = 'https://app.example.com/cb';
const RESOURCE = 'https://api.example.com';
const USER = { email: 'bench@example.com', password: 'bench passphrase 123' };
const TARGET = { label: 'Tessera >= 1.2x oidc-provider round trips/s', min: 1.2 };
const LOAD_SCRIPT = fileURLToPath(new URL('./load.js', import.meta.url));
const version = (pkg) => createRequire(import.meta.url)(`${pkg}/package.json`).version;
const runner = createRunner();
const { print, noise } = runner;

const startTessera = () =>
  launchTessera({
    users: [USER],
    client: {
      name: 'bench',
      grantTypes: 'authorization_code',
      redirectUris: [REDIRECT_URI],
      audience: RESOURCE,
      firstParty: true,
    },
    nodeArgs: cpuProfileArgs(),
  });
const SERVERS = [
  {
    name: 'oidc-provider',
    start: () => startOidcProvider({ redirectUri: REDIRECT_URI, resource: RESOURCE }),
  },
  { name: 'tessera', start: startTessera },
];

async function measure(server) {
  const started = await server.start();
  try {
    const spec = {
      server: server.name,
      issuer: started.issuer,
      authorizationEndpoint: started.discovery.authorization_endpoint,
      tokenEndpoint: started.discovery.token_endpoint,
      ...started.credentials,
      redirectUri: REDIRECT_URI,
      scope: 'openid',
      user: USER,
      workers: settings.workers,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.durationSeconds,
    };
    const outputBefore = started.child.outputBytes;
    const load = await runLoadGenerator(LOAD_SCRIPT, spec);
    const problems = [];
    if (load.warmup.errors > 0) problems.push(`warm-up: ${load.warmup.errors} failed round trips`);
    if (load.measured.errors > 0) problems.push(`measured: ${load.measured.errors} failed round trips`);
    if (started.child.exitCode !== null || started.child.signalCode !== null)
      problems.push('server died during load');
    return { ...load, problems, serverOutputBytes: started.child.outputBytes - outputBefore };
  } finally {
    await started.stop();
  }
}

const describe = (token) =>
  `${JSON.stringify(token.header)}, ${token.bytes} chars, aud ${JSON.stringify(token.aud)}` +
  `${token.scope === undefined ? '' : `, scope ${JSON.stringify(token.scope)}`}, claims ${token.claimNames.join(' ')}`;

print(
  'Code flow benchmark: authorize -> code -> token round trips with an existing session (no login, no consent)',
);
print(`  ${runner.machine()}`);
print(`  oidc-provider ${version('oidc-provider')}`);
print(
  `  load: own process (node:http keep-alive), ${settings.workers} workers each looping round trips, ` +
    `${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s measured; each server in its own process`,
);
print(
  `  rounds: ${settings.rounds}, alternating the servers (a fresh server each time), so that a machine that speeds up ` +
    "or slows down during the run weighs on both; the target uses the median of the rounds' ratios",
);
print('  round trip: GET authorize (session cookie, scope openid, PKCE S256, state) -> 303 with code ->');
print(
  '              POST token (client_secret_basic, code, redirect_uri, code_verifier) -> 200 with access_token + id_token',
);
print(
  '  state: Tessera keeps sessions, grants, codes and access-token records durably in its embedded SQLite',
);
print('         (fresh temp dir); oidc-provider keeps them in memory (its default in-memory adapter).');
print();

const tesseraMissing = tesseraBuildProblem();

const results = Object.fromEntries(SERVERS.map(({ name }) => [name, { runs: [], errors: [] }]));
print(
  'Round trips under load (round trips/s = completed authorize + token pairs per second of the measured interval)',
);
try {
  const beforeRound = (round) => print(`  round ${round} of ${settings.rounds}`);
  await inRounds(
    settings.rounds,
    SERVERS,
    async (server, round) => {
      print(`    ${server.name}`);
      const log = (line) => print(`      ${line}`);
      if (server.name === 'tessera' && tesseraMissing) {
        runner.fail();
        results[server.name].errors.push(new Error(tesseraMissing));
        log(`NOT MEASURED: ${tesseraMissing}`);
        return;
      }
      try {
        const watch = await noise.before(server.name);
        const run = await measure(server);
        const quiet = noise.after(watch);
        if (quiet) log(quiet);
        results[server.name].runs.push({ ...run, round });
        const { measured } = run;
        if (round === 1) {
          log(`access token: ${describe(run.sample.accessToken)}`);
          log(`ID token:     ${describe(run.sample.idToken)}`);
        }
        log(
          `${int(measured.perSecond)} round trips/s  (${int(measured.ok)} in ${measured.seconds} s; latency p50 ` +
            `${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, max ${measured.latencyMs.max} ms; ` +
            `mean authorize ${measured.meanStepMs.authorize} ms + token ${measured.meanStepMs.token} ms)`,
        );
        log(`failed round trips: warm-up ${run.warmup.errors}, measured ${measured.errors}`);
        for (const [message, count] of Object.entries(run.errorSamples)) log(`  ${count} x ${message}`);
        runner.flagProblems(log, run);
      } catch (error) {
        results[server.name].errors.push(error);
        runner.failure(log, error, '        ');
      }
    },
    { beforeRound },
  );
} finally {
  await stopAll();
}
print();

const rates = (name) => results[name].runs.map((run) => run.measured.perSecond);
/** The run whose rate is the server's median, for the latency columns. */
const medianRun = (name) => {
  const target = median(rates(name));
  // The run closest to the median (with an even count the median falls between two runs).
  return [...results[name].runs].sort(
    (a, b) => Math.abs(a.measured.perSecond - target) - Math.abs(b.measured.perSecond - target),
  )[0];
};
const flagged = (name) =>
  results[name].errors.length > 0 || results[name].runs.some((run) => run.problems.length > 0);
print('Summary (median of the rounds)');
print(
  table(
    ['server', 'round trips/s', 'each round', 'p50 ms', 'p99 ms', 'authorize ms', 'token ms', 'runs'],
    SERVERS.map(({ name }) => {
      const m = medianRun(name)?.measured;
      return [
        name,
        int(median(rates(name))),
        rates(name).map(int).join(' / ') || '-',
        String(m?.latencyMs.p50 ?? '-'),
        String(m?.latencyMs.p99 ?? '-'),
        String(m?.meanStepMs.authorize ?? '-'),
        String(m?.meanStepMs.token ?? '-'),
        flagged(name) ? 'FLAGGED (see above)' : 'ok',
      ];
    }),
  ),
);
print();
// Each round measures both servers back to back; the median of those paired ratios is what drift affects least.
const rateIn = (name, round) => results[name].runs.find((run) => run.round === round)?.measured.perSecond;
const roundNumbers = Array.from({ length: settings.rounds }, (_, i) => i + 1);
const { ratios: roundRatios, median: value } = pairedRatios(
  roundNumbers.map((round) => rateIn('tessera', round)),
  roundNumbers.map((round) => rateIn('oidc-provider', round)),
);
const said = verdict(value, TARGET.min, { trustworthy: !flagged('tessera') && !flagged('oidc-provider') });
print('Target');
print(`  ${TARGET.label.padEnd(46)} ${ratio(value).padStart(6)}  ${said}`);
print(`  (ratio in each round: ${roundRatios.map(ratio).join(', ') || '-'})`);
print();
print(
  'Same on both: one RSA 2048 key, RS256 ID and access tokens, JWT access tokens (aud https://api.example.com, 900 s), ' +
    'PKCE S256 required, 60 s codes, no refresh token. Differs: Tessera persists every grant, code and access-token ' +
    'record to SQLite, oidc-provider keeps them in memory; Tessera opens a new grant per code, oidc-provider reuses ' +
    'the session grant; Tessera\'s access token carries scope "openid", oidc-provider\'s has no scope claim.',
);
runner.finish();
