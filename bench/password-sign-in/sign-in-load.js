// Child process: the sign-in load generator, N workers each looping GET /login then POST /login against Tessera.
// Right password, one account per worker, warm-up then a timed measurement; prints a JSON summary, stops by itself.
// Usage: node sign-in-load.js '<json: {issuer, users: [{email, password}], warmupSeconds, durationSeconds}>'
import { performance } from 'node:perf_hooks';
import { CookieJar, createHttpClient } from '../lib/http-client.js';
import { signIn } from '../lib/tessera-login.js';

const spec = JSON.parse(process.argv[2]);
const http = createHttpClient({ connections: spec.users.length });

const start = performance.now();
const warmEnd = start + spec.warmupSeconds * 1000;
const end = warmEnd + spec.durationSeconds * 1000;
const warmup = { ok: 0, errors: 0 };
const measured = { ok: 0, errors: 0 };
const latencies = [];
const errorSamples = {};

// One account per worker: Tessera refuses (429) concurrent sign-ins to one account from one address.
async function worker(user) {
  while (performance.now() < end) {
    const began = performance.now();
    let error;
    try {
      // A new visitor every time: no cookies, so GET /login hands out a fresh CSRF cookie.
      await signIn(http, spec.issuer, new CookieJar(), user);
    } catch (caught) {
      error = caught;
    }
    const done = performance.now();
    if (done > end) break;
    const phase = done < warmEnd ? warmup : measured;
    if (error) {
      phase.errors++;
      const key = String(error.message).slice(0, 160);
      errorSamples[key] = (errorSamples[key] ?? 0) + 1;
    } else {
      phase.ok++;
      if (phase === measured) latencies.push(done - began);
    }
  }
}

await Promise.all(spec.users.map(worker));
http.close();
latencies.sort((a, b) => a - b);
const at = (p) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN);
process.stdout.write(
  `${JSON.stringify({
    warmup,
    measured: {
      ...measured,
      seconds: spec.durationSeconds,
      perSecond: measured.ok / spec.durationSeconds,
      latencyMs: { p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) ?? Number.NaN) },
    },
    errorSamples,
  })}\n`,
);
