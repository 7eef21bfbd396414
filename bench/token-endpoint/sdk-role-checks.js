// Child process: the role check of @tessera/verify, local and from the claims, on a real organization token of a
// running Tessera: Express's requireRole('admin', { org }) middleware (a) on a request whose token an earlier guard
// verified (the check alone), and (b) on a fresh request each time (verification, from the verifier's cache of
// verified tokens, plus the check). Prints one JSON line. `node sdk-role-checks.js '<{issuer, audience, token, org,
// warmupSeconds, durationSeconds}>'`; the JWKS is fetched once from the issuer (127.0.0.1).
import { performance } from 'node:perf_hooks';
import { createVerifier } from '@tessera/verify';
import { createGuards } from '@tessera/verify/express';

const spec = JSON.parse(process.argv[2]);
const verifier = createVerifier({ issuer: spec.issuer, audience: spec.audience });
const guards = createGuards({ verifier });
const requireAuth = guards.requireAuth();
const requireAdmin = guards.requireRole('admin', { org: (req) => req.params.org });
const response = {
  status() {
    throw new Error('the guard denied a token that holds the role');
  },
};
const request = () => ({
  rawHeaders: ['Authorization', `Bearer ${spec.token}`],
  headers: { authorization: `Bearer ${spec.token}` },
  params: { org: spec.org },
});
const pass = (middleware, req) =>
  new Promise((resolve, reject) => middleware(req, response, (error) => (error ? reject(error) : resolve())));

/** Calls `unit` back to back for the warm-up, then counts calls over the measured window. */
async function rate(unit) {
  const warmEnd = performance.now() + spec.warmupSeconds * 1000;
  while (performance.now() < warmEnd) await unit();
  const start = performance.now();
  const end = start + spec.durationSeconds * 1000;
  let count = 0;
  // Batches of 100 between clock reads: the loop's own cost stays small next to the check.
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await unit();
    count += 100;
  }
  return count / ((performance.now() - start) / 1000);
}

const verified = request();
await pass(requireAuth, verified);
if (verified.auth?.org_id !== spec.org) throw new Error('the token is not for the organization');
const checkOnly = await rate(() => pass(requireAdmin, verified));
const withVerification = await rate(() => pass(requireAdmin, request()));
process.stdout.write(`${JSON.stringify({ checkOnly, withVerification, roles: verified.auth.roles })}\n`);
