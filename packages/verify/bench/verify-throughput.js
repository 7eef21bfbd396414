// Verifications per second of @tessera/verify against jose, fast-jwt, jsonwebtoken and raw node:crypto.
// Run with `npm run bench -w packages/verify` (builds first). The contenders take turns in short rounds (each
// round starting with a different one), so drift on a shared machine weighs on all of them. Each row is the
// median of its rounds; each target ratio is the median of the ratios measured within the same round.

import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  createRunner,
  inRounds,
  median,
  numberFromEnv,
  pairedRatios,
  roundsFromEnv,
  verdict,
} from '@tessera/bench/runner';
import { createVerifier as createFastJwtVerifier } from 'fast-jwt';
import { importJWK, jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { createVerifier } from '../dist/index.js';

const ROUNDS = roundsFromEnv(11);
const ROUND_MS = numberFromEnv('BENCH_ROUND_MS', 250, { min: 10, max: 10_000, what: 'a number of ms' });
const ISSUER = 'https://issuer.example';
const AUDIENCE = 'https://api.example';

function keyPair(alg) {
  return alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function mint(alg, privateKey) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg, typ: 'at+jwt', kid: `${alg}-bench` };
  const claims = {
    iss: ISSUER,
    sub: '5f1c2a9e-8d7b-4c1e-9a3f-2b6d8e0f1a2b',
    aud: AUDIENCE,
    client_id: 'orders-service',
    scope: 'orders:read orders:write profile',
    jti: 'b1f0e2d4-6c8a-4e2b-9d1f-3a5c7e9b0d2f',
    iat: now,
    exp: now + 3600,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const options = alg === 'RS256' ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' };
  return `${input}.${sign('sha256', Buffer.from(input), options).toString('base64url')}`;
}

async function contenders(alg) {
  const { privateKey, publicKey } = keyPair(alg);
  const token = mint(alg, privateKey);
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: `${alg}-bench`, alg, use: 'sig' };
  const pem = publicKey.export({ format: 'pem', type: 'spki' });
  const base = { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [jwk] } };
  const tessera = createVerifier({ ...base, cache: false });
  const tesseraCached = createVerifier(base);
  const joseKey = await importJWK(jwk, alg);
  const joseOptions = { issuer: ISSUER, audience: AUDIENCE, typ: 'at+jwt', algorithms: [alg] };
  const fastOptions = { key: pem, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE };
  const fast = createFastJwtVerifier({ ...fastOptions, cache: false });
  const fastCached = createFastJwtVerifier({ ...fastOptions, cache: true });
  const jwtOptions = { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE };
  const rawKey = alg === 'RS256' ? publicKey : { key: publicKey, dsaEncoding: 'ieee-p1363' };
  const raw = () => {
    const dot = token.lastIndexOf('.');
    return verify(
      'sha256',
      Buffer.from(token.slice(0, dot)),
      rawKey,
      Buffer.from(token.slice(dot + 1), 'base64url'),
    );
  };
  const rows = [
    // The promise-returning APIs are awaited directly by the measuring loop, as a caller would.
    ['@tessera/verify', () => tessera.verify(token)],
    ['@tessera/verify (cache)', () => tesseraCached.verify(token)],
    ['jose.jwtVerify', () => jwtVerify(token, joseKey, joseOptions)],
    ['fast-jwt', () => fast(token)],
    ['fast-jwt (cache)', () => fastCached(token)],
    ['jsonwebtoken', () => jsonwebtoken.verify(token, pem, jwtOptions)],
    ['node:crypto verify (ceiling)', raw],
  ];
  for (const [name, run] of rows) {
    const result = await run();
    if (result === false || result === undefined) throw new Error(`${name} did not verify the ${alg} token`);
  }
  return rows;
}

async function measure(run, isAsync) {
  const start = performance.now();
  let count = 0;
  let elapsed = 0;
  do {
    if (isAsync) for (let i = 0; i < 50; i++) await run();
    else for (let i = 0; i < 50; i++) run();
    count += 50;
    elapsed = performance.now() - start;
  } while (elapsed < ROUND_MS);
  return (count * 1000) / elapsed;
}

const TARGETS = [
  ['vs jose', '@tessera/verify', 'jose.jwtVerify', 3.5, 'x'],
  ['vs fast-jwt', '@tessera/verify', 'fast-jwt', 1.0, 'x'],
  ['of ceiling', '@tessera/verify', 'node:crypto verify (ceiling)', 0.85, '%'],
  ['cached vs fast-jwt cached', '@tessera/verify (cache)', 'fast-jwt (cache)', 1.0, 'x'],
];

const runner = createRunner();
const { print, noise } = runner;
const results = {};
for (const alg of ['RS256', 'ES256']) {
  const rows = await contenders(alg);
  const samples = new Map(rows.map(([name]) => [name, []]));
  const watch = await noise.before(alg);
  for (const [, run] of rows) await measure(run, true); // warm-up
  await inRounds(
    ROUNDS,
    rows,
    async ([name, run]) => {
      const isAsync = name.startsWith('@tessera') || name.startsWith('jose');
      samples.get(name).push(await measure(run, isAsync));
    },
    { rotate: true },
  );
  const quiet = noise.after(watch);
  const throughput = Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
  const ratios = TARGETS.map(([label, subject, reference, target, unit]) => {
    const { median: value } = pairedRatios(samples.get(subject), samples.get(reference));
    return { label, value, target, unit };
  });
  results[alg] = { throughput, ratios, quiet };
}

const format = (n) => Math.round(n).toLocaleString('en-US').padStart(11);
const show = (value, unit) => (unit === '%' ? `${(100 * value).toFixed(1)}%` : `${value.toFixed(2)}×`);
print(`verifications/s (median of ${ROUNDS} rounds of ${ROUND_MS} ms, Node ${process.version})`);
print(`  ${runner.machine()}\n`);
for (const [alg, { throughput, ratios, quiet }] of Object.entries(results)) {
  print(alg);
  if (quiet) print(`  ${quiet}`);
  for (const [name, value] of Object.entries(throughput)) print(`  ${name.padEnd(30)} ${format(value)}`);
  print('  targets (median of the per-round ratios):');
  for (const { label, value, target, unit } of ratios) {
    print(
      `    ${label.padEnd(26)} ${show(value, unit).padStart(7)}  (≥ ${show(target, unit)}, ${verdict(value, target)})`,
    );
  }
  print();
}
runner.finish();
