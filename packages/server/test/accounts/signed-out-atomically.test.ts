// Disabling an account, setting its password and resetting it through a link each run as one unit of work with
// signing the account out everywhere: when any write fails, none of them is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.js';
import { disableUser } from '../../src/accounts/disable-user.js';
import { createArgon2Hasher } from '../../src/accounts/password-hasher.js';
import { redeemPasswordReset } from '../../src/accounts/redeem-password-reset.js';
import { setPassword } from '../../src/accounts/set-password.js';
import type { User } from '../../src/accounts/user.js';
import { epochSeconds } from '../../src/clock.js';
import type { Stores } from '../../src/store/stores.js';
import { withFailingMethod } from '../support/failing-stores.js';
import { openSqliteStores, type SqliteStores } from '../support/sqlite-stores.js';
import { TestClock } from '../support/test-clock.js';

const failure = new Error('the database refused to revoke the grants');

/** The stores, and every unit of work over them, with revoking a user's grants failing. */
const withFailingRevocation = (stores: Stores) =>
  withFailingMethod(stores, 'grants', 'revokeAllForUser', failure);

describe('signing out everywhere holds together with the change that asks for it', () => {
  let sqlite: SqliteStores;
  let stores: Stores;
  const clock = new TestClock();
  // Cheap parameters: these tests are about the unit of work, not the hash.
  const hasher = createArgon2Hasher({ memoryCost: 8192, timeCost: 1, parallelism: 1 });
  let count = 0;

  beforeAll(async () => {
    sqlite = await openSqliteStores();
    ({ stores } = sqlite);
  });
  afterAll(() => sqlite.close());

  /** An account with a password, a session and a grant. */
  async function signedInAccount(): Promise<{ user: User; sessionHash: string; grantId: string }> {
    count += 1;
    const user = await createUser(
      { email: `signed-in-${count}@example.com`, password: 'violet tractor gravel' },
      stores.users,
      hasher,
      clock,
    );
    const now = epochSeconds(clock);
    const sessionHash = `session-${count}`;
    await stores.sessions.create({
      idHash: sessionHash,
      sid: `sid-${count}`,
      userId: user.id,
      authTime: now,
      amr: ['pwd'],
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + 3_600,
      credentialsVersion: 0,
      secondFactorAt: null,
      userAgent: null,
      ipAddress: null,
    });
    const grantId = `grant-${count}`;
    await stores.grants.createGrant(
      { id: grantId, userId: user.id, clientId: 'c-1', sid: `sid-${count}`, createdAt: now, revokedAt: null },
      {
        codeHash: `code-${count}`,
        grantId,
        clientId: 'c-1',
        userId: user.id,
        redirectUri: 'https://app.example.com/cb',
        scope: ['openid'],
        nonce: null,
        codeChallenge: 'challenge',
        authTime: now,
        amr: ['pwd'],
        sid: `sid-${count}`,
        expiresAt: now + 60,
        consumedAt: null,
        organizationId: null,
      },
    );
    return { user, sessionHash, grantId };
  }

  async function expectUnchanged(account: { user: User; sessionHash: string; grantId: string }) {
    expect(await stores.users.findById(account.user.id)).toMatchObject({
      passwordHash: account.user.passwordHash,
      disabledAt: null,
      credentialsVersion: 0,
    });
    expect(await stores.sessions.findByIdHash(account.sessionHash)).toBeDefined();
    expect((await stores.grants.findGrant(account.grantId))?.revokedAt).toBeNull();
  }

  it('an account whose sign-out fails is not disabled, and keeps its sessions and grants', async () => {
    const account = await signedInAccount();
    await expect(disableUser({ ...withFailingRevocation(stores), clock }, account.user.email)).rejects.toBe(
      failure,
    );
    await expectUnchanged(account);
  });

  it('a password set while the sign-out fails is not kept, nor is any session ended', async () => {
    const account = await signedInAccount();
    await expect(
      setPassword(
        { ...withFailingRevocation(stores), hasher, clock },
        account.user.id,
        'amber canoe lantern',
      ),
    ).rejects.toBe(failure);
    await expectUnchanged(account);
  });

  it('a reset link redeemed while the sign-out fails still works, and the password stays', async () => {
    const account = await signedInAccount();
    const now = epochSeconds(clock);
    const reset = {
      tokenHash: `reset-${count}`,
      userId: account.user.id,
      createdAt: now,
      expiresAt: now + 1_800,
      credentialsVersion: 0,
      returnTo: undefined,
    };
    expect(await stores.passwordResets.createWithinLimit(reset, { max: 3, windowSeconds: 900 })).toBe(true);
    await expect(
      redeemPasswordReset(withFailingRevocation(stores), reset.tokenHash, '$argon2id$new', now),
    ).rejects.toBe(failure);
    await expectUnchanged(account);
    expect(await stores.passwordResets.findUsable(reset.tokenHash, now)).toEqual(reset);
    // And once the database accepts it, the same link does all of it.
    expect(await redeemPasswordReset(stores, reset.tokenHash, '$argon2id$new', now)).toBe(account.user.id);
    expect((await stores.grants.findGrant(account.grantId))?.revokedAt).toBe(now);
  });
});
