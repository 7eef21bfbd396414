// The cheap stand-ins for Tessera's costly parts that test servers use: argon2 parameters, RSA key generation, mail timeouts.
// The production values stay checked elsewhere (password-rules.test.ts, users-cli.test.ts, the CLI's own servers).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createArgon2Hasher, type PasswordHasher } from '../../src/accounts/password-hasher.js';
import type { SmtpTimeouts } from '../../src/mail/mailer.js';
import { type GenerateKeyPair, generateKeyPair } from '../../src/tokens/signing-key.js';

/** argon2id with the smallest cost it allows: hashes look like production's, at a hundredth of the time. */
export const TEST_ARGON2_PARAMETERS = { memoryCost: 64, timeCost: 1, parallelism: 1 } as const;

export const testPasswordHasher: PasswordHasher = createArgon2Hasher(TEST_ARGON2_PARAMETERS);

/** Short enough that a silent mail server costs a test a second, long enough for the in-process inbox under load. */
export const TEST_SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 5_000, greetingMs: 1_000, socketMs: 5_000 };

const rsaKeys = (
  JSON.parse(readFileSync(new URL('./fixtures/rsa-test-keys.json', import.meta.url), 'utf8')) as {
    keys: string[];
  }
).keys;
let nextRsaKey = 0;

/**
 * Hands out pre-made RSA keys (generating one takes a few hundred milliseconds) in turn, so any 24 keys in a row are
 * distinct, as generated ones would be (no test makes that many in one database); other algorithms are generated.
 */
export const testKeyPairs: GenerateKeyPair = (alg) => {
  if (alg !== 'RS256') return generateKeyPair(alg);
  const pem = rsaKeys[nextRsaKey++ % rsaKeys.length] as string;
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
};
