// Child process: the sign-in load generator, N workers each looping GET /login then POST /login against Tessera.
// Right password, one account per worker, warm-up then a timed measurement; prints a JSON summary, stops by itself.
// Usage: node sign-in-load.js '<json: {issuer, users: [{email, password}], warmupSeconds, durationSeconds}>'
import { CookieJar, createHttpClient } from '../lib/http-client.js';
import { signIn } from '../lib/tessera-login.js';
import { percentile, runTimedWorkers } from '../lib/timed-workers.js';

const spec = JSON.parse(process.argv[2]);
const http = createHttpClient({ connections: spec.users.length });

// A new visitor every time: no cookies, so GET /login hands out a fresh CSRF cookie.
// One account per worker: Tessera refuses (429) concurrent sign-ins to one account from one address.
const { warmup, measured, latencies, errorSamples } = await runTimedWorkers(
  spec.users,
  (user) => signIn(http, spec.issuer, new CookieJar(), user),
  { warmupSeconds: spec.warmupSeconds, durationSeconds: spec.durationSeconds },
);
http.close();
const at = (p) => Math.round(percentile(latencies, p));
process.stdout.write(
  `${JSON.stringify({
    warmup,
    measured: {
      ...measured,
      latencyMs: { p50: at(50), p99: at(99), max: Math.round(latencies.at(-1) ?? Number.NaN) },
    },
    errorSamples,
  })}\n`,
);
