// Child process: how many JWS signatures one thread makes per second with sync node:crypto.sign, the ceiling
// for a token endpoint that does nothing but sign; for information also the rate with callback crypto.sign on the
// libuv thread pool (all cores). Usage: node signing-ceiling.js <RS256|ES256> [seconds]
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

const alg = process.argv[2];
const seconds = Number(process.argv[3] ?? 3);
const MAX_SIGNATURES = 500_000;
const KEY_OPTIONS = {
  RS256: ['rsa', { modulusLength: 2048 }],
  ES256: ['ec', { namedCurve: 'P-256' }],
};
if (!KEY_OPTIONS[alg]) throw new Error(`unsupported alg ${alg}; use RS256 or ES256`);
const { privateKey } = generateKeyPairSync(...KEY_OPTIONS[alg]);
const key = { key: privateKey, dsaEncoding: 'ieee-p1363' }; // raw R||S for ES256 (RFC 7518 §3.4)

// A signing input shaped like an RFC 9068 access token from either server (~350 bytes).
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const signingInput = Buffer.from(
  `${b64({ alg, typ: 'at+jwt', kid: randomUUID() })}.${b64({
    iss: 'http://127.0.0.1:40000',
    sub: 'bench-0123456789ab',
    aud: 'https://api.example.com',
    client_id: 'bench-0123456789ab',
    iat: now,
    exp: now + 900,
    jti: randomUUID(),
    scope: 'read write',
  })}`,
);

function signFor(ms, limit) {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let count = 0;
  while (count < limit) {
    for (let i = 0; i < 20; i++) sign('sha256', signingInput, key);
    count += 20;
    if (process.hrtime.bigint() >= deadline) break;
  }
  return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** Keeps `inFlight` callback-style signatures queued on the thread pool until the time or count runs out. */
async function signOnPoolFor(ms, limit, inFlight = 8) {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let count = 0;
  const signOne = () =>
    new Promise((resolve, reject) =>
      sign('sha256', signingInput, key, (error) => (error ? reject(error) : resolve())),
    );
  const lane = async () => {
    while (count < limit && process.hrtime.bigint() < deadline) {
      await signOne();
      count++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

signFor(500, MAX_SIGNATURES); // warm-up: JIT, OpenSSL caches
const { count, seconds: elapsed } = signFor(seconds * 1000, MAX_SIGNATURES);
const pool = await signOnPoolFor(seconds * 1000, MAX_SIGNATURES);
process.stdout.write(
  `${JSON.stringify({ alg, signatures: count, seconds: elapsed, perSecond: count / elapsed, poolPerSecond: pool.count / pool.seconds, inputBytes: signingInput.length })}\n`,
);
