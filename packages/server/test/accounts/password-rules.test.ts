import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.js';
import { ARGON2_PARAMETERS, createArgon2Hasher } from '../../src/accounts/password-hasher.js';
import { checkPasswordPolicy, PasswordPolicyError } from '../../src/accounts/password-policy.js';
import { signInWithPassword } from '../../src/accounts/sign-in-with-password.js';
import { TrustedDevices } from '../../src/accounts/trusted-devices.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import type { TesseraDb } from '../../src/store/database.js';
import type { Stores } from '../../src/store/stores.js';
import { openSqliteStores, type SqliteStores } from '../support/sqlite-stores.js';
import { TestClock } from '../support/test-clock.js';

function problemOf(password: string, email?: string): string | undefined {
  try {
    checkPasswordPolicy(password, email);
    return undefined;
  } catch (error) {
    if (error instanceof PasswordPolicyError) return error.code;
    throw error;
  }
}

describe('password storage (OWASP) and rules (NIST SP 800-63B)', () => {
  let sqlite: SqliteStores;
  let db: TesseraDb;
  let stores: Stores;
  const clock = new TestClock();

  beforeAll(async () => {
    sqlite = await openSqliteStores();
    ({ db, stores } = sqlite);
  });
  afterAll(() => sqlite.close());

  it('hashes with argon2id at m=19456 KiB, t=2, p=1 and never stores the password', async () => {
    const user = await createUser(
      { email: 'store@example.com', password: 'violet tractor gravel' },
      stores.users,
      createArgon2Hasher(),
      clock,
    );
    expect(ARGON2_PARAMETERS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('violet tractor gravel');
  });

  it('rehashes on sign-in when the stored hash has other parameters', async () => {
    const weak = createArgon2Hasher({ memoryCost: 8192, timeCost: 1, parallelism: 1 });
    const user = await createUser(
      { email: 'old@example.com', password: 'mellow copper lantern' },
      stores.users,
      weak,
      clock,
    );
    expect(user.passwordHash).toContain('m=8192,t=1');
    await signInWithPassword(
      'old@example.com',
      'mellow copper lantern',
      { address: '127.0.0.1', deviceCookie: undefined },
      {
        users: stores.users,
        throttle: stores.rateLimits,
        hasher: createArgon2Hasher(),
        clock,
        trustedDevices: new TrustedDevices(new SecretBox(randomBytes(32)), clock),
      },
    );
    expect((await stores.users.findById(user.id))?.passwordHash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/,
    );
  });

  it('refuses passwords shorter than 8 characters', () => {
    expect(problemOf('short12')).toBe('password_too_short');
    expect(problemOf('ok to go')).toBeUndefined();
  });

  it('counts characters, not bytes: 8 emoji are 8 characters', () => {
    expect(problemOf('🦊🐢🦉🐙🦋🐝🦔🐳')).toBeUndefined();
    expect(problemOf('🦊🐢🦉🐙🦋🐝🦔')).toBe('password_too_short');
  });

  it('accepts 64 characters and far more (up to 256)', () => {
    expect(problemOf('a quiet river runs '.repeat(4).slice(0, 64))).toBeUndefined();
    expect(problemOf('x7'.repeat(128))).toBeUndefined();
    expect(problemOf('x7'.repeat(129))).toBe('password_too_long');
  });

  it('imposes no composition rules: lower-case words alone are fine', () => {
    expect(problemOf('purple elephants dance quietly')).toBeUndefined();
  });

  it('refuses common passwords from the shipped list, in any case', () => {
    for (const common of ['password', 'Password1', 'qwertyuiop', '12345678', 'iloveyou']) {
      expect(problemOf(common)).toBe('password_too_common');
    }
  });

  it('refuses the account email as a password', () => {
    expect(problemOf('ann.example@example.com', 'ann.example@example.com')).toBe('password_too_common');
    expect(problemOf('ann.example', 'ann.example@example.com')).toBe('password_too_common');
  });
});
