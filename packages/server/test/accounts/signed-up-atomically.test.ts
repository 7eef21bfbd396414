// Finishing a sign-up by email runs as one unit of work: using the link and creating its account hold together, so
// when creating the account fails, the link still works and no account is left behind.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackgroundMail } from '../../src/accounts/background-mail.js';
import { SIGNUP_EMAILS_PER_ADDRESS, SignUps } from '../../src/accounts/sign-up-by-email.js';
import { epochSeconds } from '../../src/clock.js';
import { generateOpaqueSecret, hashOpaqueSecret } from '../../src/crypto/opaque-secret.js';
import type { Stores } from '../../src/store/stores.js';
import { withFailingMethod } from '../support/failing-stores.js';
import { openSqliteStores, type SqliteStores } from '../support/sqlite-stores.js';
import { TestClock } from '../support/test-clock.js';
import { testPasswordHasher } from '../support/test-costs.js';

const failure = new Error('the database refused to create the account');

/** The stores, and every unit of work over them, with creating an account failing. */
const withFailingAccountCreation = (stores: Stores) => withFailingMethod(stores, 'users', 'create', failure);

describe('finishing a sign-up by email holds together', () => {
  let sqlite: SqliteStores;
  let stores: Stores;
  const clock = new TestClock();
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    sqlite = await openSqliteStores();
    ({ stores } = sqlite);
  });
  afterAll(() => sqlite.close());

  const signUpsOver = (over: Stores) =>
    new SignUps({
      issuer: 'https://issuer.example.com',
      users: over.users,
      rateLimits: over.rateLimits,
      hasher: testPasswordHasher,
      mailer: { send: async () => {}, close: () => {} },
      clock,
      logger,
      background: new BackgroundMail(logger),
      links: over.signUpLinks,
      stores: over,
    });

  it('a link whose account cannot be created still works, no account exists, and the link then creates it', async () => {
    const token = generateOpaqueSecret();
    const now = epochSeconds(clock);
    const link = {
      tokenHash: hashOpaqueSecret(token),
      email: 'newcomer@example.com',
      name: 'Newcomer',
      createdAt: now,
      expiresAt: now + 1_800,
      returnTo: undefined,
    };
    expect(await stores.signUpLinks.createWithinLimit(link, SIGNUP_EMAILS_PER_ADDRESS)).toBe(true);

    await expect(
      signUpsOver(withFailingAccountCreation(stores)).complete(token, 'orchard lantern pebble sky'),
    ).rejects.toBe(failure);
    expect(await stores.users.findByEmail('newcomer@example.com')).toBeUndefined();
    expect(await stores.signUpLinks.findUsable(link.tokenHash, now)).toEqual(link);

    // And once the database accepts it, the same link creates the account, verified, and works no more.
    const user = await signUpsOver(stores).complete(token, 'orchard lantern pebble sky');
    expect(await stores.users.findByEmail('newcomer@example.com')).toMatchObject({
      id: user.id,
      emailVerified: true,
      name: 'Newcomer',
    });
    expect(await stores.signUpLinks.findUsable(link.tokenHash, now)).toBeUndefined();
  });
});
