// Child process: times failed sign-ins, unknown email against wrong password for an existing email (a measurement).
// One at a time and interleaved, each from its own X-Forwarded-For address so that no throttle applies; prints JSON.
// Usage: node failed-sign-in-timing.js '<json: {issuer, existingEmails: [..], pairs, warmupPairs}>'
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CookieJar, createHttpClient } from '../lib/http-client.js';
import { getLoginForm, postLogin } from '../lib/tessera-login.js';

const spec = JSON.parse(process.argv[2]);
const http = createHttpClient({ connections: 1 });
const jar = new CookieJar();
const csrfToken = await getLoginForm(http, spec.issuer, jar); // the CSRF cookie and token stay valid throughout
const run = randomBytes(4).toString('hex');
let addresses = 0;
const nextAddress = () => {
  addresses++;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
};

async function attempt(kind, i) {
  const email =
    kind === 'unknown'
      ? `nobody-${run}-${i}@example.com`
      : spec.existingEmails[i % spec.existingEmails.length];
  const began = performance.now();
  const response = await postLogin(http, spec.issuer, jar, {
    csrfToken,
    email,
    password: `wrong password ${run} ${i}`,
    headers: { 'x-forwarded-for': nextAddress() },
  });
  const ms = performance.now() - began;
  if (response.status !== 401) throw new Error(`${kind} attempt ${i}: HTTP ${response.status}, expected 401`);
  return ms;
}

const times = { unknown: [], wrongPassword: [] };
for (let i = 0; i < spec.warmupPairs + spec.pairs; i++) {
  // Alternate which kind goes first, so neither always follows the other.
  const order = i % 2 === 0 ? ['unknown', 'wrongPassword'] : ['wrongPassword', 'unknown'];
  for (const kind of order) {
    const ms = await attempt(kind, i);
    if (i >= spec.warmupPairs) times[kind].push(ms);
  }
}
http.close();

function stats(values) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const sorted = [...values].sort((a, b) => a - b);
  return { n, mean, stdev: Math.sqrt(variance), median: sorted[Math.floor(n / 2)] };
}
const unknown = stats(times.unknown);
const wrongPassword = stats(times.wrongPassword);
const difference = unknown.mean - wrongPassword.mean;
// Welch: standard error of the difference of the two means; ±1.96 of it is a 95% interval.
const standardError = Math.sqrt(unknown.stdev ** 2 / unknown.n + wrongPassword.stdev ** 2 / wrongPassword.n);
process.stdout.write(
  `${JSON.stringify({
    unknown,
    wrongPassword,
    differenceMs: difference,
    relativeGap: difference / wrongPassword.mean,
    ci95Ms: [difference - 1.96 * standardError, difference + 1.96 * standardError],
    addresses,
  })}\n`,
);
