// Child process: raw argon2id verify throughput with Tessera's parameters, one at a time and two in flight.
// Usage: node argon2-verify.js [seconds]; prints one JSON line.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.argv[2] ?? 3);
const SERVER_DIR = new URL('../../packages/server/', import.meta.url);
const HASHER = new URL('dist/accounts/password-hasher.js', SERVER_DIR);
if (!existsSync(HASHER)) throw new Error(`${fileURLToPath(HASHER)} does not exist: build the server first`);
const { ARGON2_PARAMETERS, createArgon2Hasher } = await import(HASHER.href);
// The same @node-rs/argon2 the server loads, resolved from the server package.
const argon2 = createRequire(new URL('package.json', SERVER_DIR))('@node-rs/argon2');
const argon2Version = createRequire(new URL('package.json', SERVER_DIR))(
  '@node-rs/argon2/package.json',
).version;

const PASSWORD = 'bench passphrase 123';
const hasher = createArgon2Hasher();
const passwordHash = await hasher.hash(PASSWORD);
if (!(await argon2.verify(passwordHash, PASSWORD)) || !(await hasher.verify(passwordHash, PASSWORD))) {
  throw new Error('argon2 verify refused the right password');
}

/** Keeps `inFlight` verifies going (each awaited before its lane starts the next) for `ms`. */
async function verifyFor(ms, inFlight) {
  const start = performance.now();
  const deadline = start + ms;
  let count = 0;
  const lane = async () => {
    while (performance.now() < deadline) {
      await argon2.verify(passwordHash, PASSWORD);
      count++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = (performance.now() - start) / 1000;
  return { count, seconds: elapsed, perSecond: count / elapsed, meanMs: (elapsed * 1000 * inFlight) / count };
}

await verifyFor(500, 2); // warm-up
const sequential = await verifyFor(seconds * 1000, 1);
const twoInFlight = await verifyFor(seconds * 1000, 2);
process.stdout.write(
  `${JSON.stringify({
    parameters: ARGON2_PARAMETERS,
    hashPrefix: passwordHash.split('$').slice(0, 4).join('$'),
    argon2Version,
    sequential,
    twoInFlight,
  })}\n`,
);
