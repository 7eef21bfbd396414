// The second-factor operations on real stores (SQLite): enrolment, sign-in with a code or a recovery code, replay,
// the attempt limit, secrets at rest, and the changes that need a recent sign-in.
import { Secret } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  disableTotp,
  regenerateRecoveryCodes,
  secondFactorStatus,
} from '../../../src/accounts/mfa/manage-totp.js';
import {
  type PendingSignIn,
  PendingSignIns,
  totpFactorTag,
} from '../../../src/accounts/mfa/pending-sign-in.js';
import type { SecondFactorDependencies } from '../../../src/accounts/mfa/second-factor-dependencies.js';
import { SECOND_FACTOR_LIMIT } from '../../../src/accounts/mfa/second-factor-throttle.js';
import { signInWithSecondFactor } from '../../../src/accounts/mfa/sign-in-with-second-factor.js';
import { totpCode } from '../../../src/accounts/mfa/totp.js';
import {
  confirmTotpEnrolment,
  pendingTotpEnrolment,
  startTotpEnrolment,
} from '../../../src/accounts/mfa/totp-enrolment.js';
import type { User } from '../../../src/accounts/user.js';
import { epochSeconds } from '../../../src/clock.js';
import { generateRandomId, generateSecretKey } from '../../../src/crypto/opaque-secret.js';
import { SecretBox } from '../../../src/crypto/secret-box.js';
import { user as userRecord } from '../../store/conformance/fixtures.js';
import { withFailingMethod } from '../../support/failing-stores.js';
import { openSqliteStores, type SqliteStores } from '../../support/sqlite-stores.js';
import { TestClock } from '../../support/test-clock.js';

const LABEL = { issuerName: 'id.example.com' };

describe('TOTP as a second factor', () => {
  let sqlite: SqliteStores;
  let clock: TestClock;
  let deps: SecondFactorDependencies;
  let pendingSignIns: PendingSignIns;
  let ann: User;

  beforeEach(async () => {
    sqlite = await openSqliteStores();
    // Mid-step, so one step either side is 30 s away whichever way.
    clock = new TestClock(Date.UTC(2026, 0, 1, 12, 0, 15));
    const box = new SecretBox(generateSecretKey());
    deps = { stores: sqlite.stores, box, clock };
    pendingSignIns = new PendingSignIns(box, clock);
    ann = userRecord('u-ann', 'ann@example.com');
    await sqlite.stores.users.create(ann);
  });
  afterEach(() => sqlite.close());

  const now = () => epochSeconds(clock);
  const codeFor = (secret: string, at = now()) => totpCode(Secret.fromBase32(secret), at);
  /** `user` in a browser signed in just now, as enrolling needs. */
  const justSignedIn = (user: User) => ({ user, session: { authTime: now() } });
  /** Ann with TOTP on: her secret and recovery codes. */
  async function enrolled() {
    const { secret } = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
    const recoveryCodes = await confirmTotpEnrolment(deps, justSignedIn(ann), codeFor(secret));
    // The code that turned it on is used; sign-ins in these tests start a step later.
    clock.advanceSeconds(30);
    return { secret, recoveryCodes };
  }
  /** A new pending sign-in of `user` (Ann by default), for the factor the account has now. */
  const pending = async (user = ann): Promise<PendingSignIn> => {
    const factor = await sqlite.stores.totpFactors.findByUser(user.id);
    return {
      userId: user.id,
      credentialsVersion: user.credentialsVersion,
      amr: ['pwd'],
      startedAt: now(),
      factor: factor ? totpFactorTag(factor) : '',
      nonce: generateRandomId(),
    };
  };
  const factorOf = async (user: User) => {
    const factor = await sqlite.stores.totpFactors.findByUser(user.id);
    if (!factor) throw new Error(`${user.id} has no TOTP factor`);
    return factor;
  };
  const errorCode = (promise: Promise<unknown>) =>
    promise.then(
      () => 'none',
      (error: { code?: string }) => error.code,
    );

  describe('enrolment', () => {
    it('is on only after a correct code, and then gives ten recovery codes', async () => {
      const { secret, uri } = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      expect(uri).toContain(`secret=${secret}`);
      expect(await secondFactorStatus(deps, ann)).toEqual({ totp: 'pending', recoveryCodesLeft: 0 });
      expect(await pendingTotpEnrolment(deps, LABEL, justSignedIn(ann))).toEqual({ secret, uri });

      expect(await errorCode(confirmTotpEnrolment(deps, justSignedIn(ann), '000000'))).toBe('invalid_code');
      expect((await secondFactorStatus(deps, ann)).totp).toBe('pending');

      const codes = await confirmTotpEnrolment(deps, justSignedIn(ann), codeFor(secret));
      expect(codes).toHaveLength(10);
      expect(await secondFactorStatus(deps, ann)).toEqual({ totp: 'on', recoveryCodesLeft: 10 });
      expect(await pendingTotpEnrolment(deps, LABEL, justSignedIn(ann))).toBeUndefined();
    });

    it('a new enrolment replaces an unfinished one, but never a factor that is on', async () => {
      const first = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      const second = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      expect(second.secret).not.toBe(first.secret);
      expect(await errorCode(confirmTotpEnrolment(deps, justSignedIn(ann), codeFor(first.secret)))).toBe(
        'invalid_code',
      );
      await confirmTotpEnrolment(deps, justSignedIn(ann), codeFor(second.secret));
      expect(await errorCode(startTotpEnrolment(deps, LABEL, justSignedIn(ann)))).toBe('totp_enabled');
    });

    it('stores the secret sealed with the master key: the row holds a JWE, not the secret', async () => {
      const { secret } = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      const row = await sqlite.db
        .selectFrom('totp_factors')
        .selectAll()
        .where('user_id', '=', ann.id)
        .executeTakeFirstOrThrow();
      expect(row.sealed_secret).not.toContain(secret);
      expect(row.sealed_secret.split('.')).toHaveLength(5); // compact JWE
      // Another master key cannot open it.
      const otherBox = new SecretBox(generateSecretKey());
      expect(
        await errorCode(pendingTotpEnrolment({ ...deps, box: otherBox }, LABEL, justSignedIn(ann))),
      ).toBe('wrong_master_key');
    });

    it('stores recovery codes hashed', async () => {
      const { recoveryCodes } = await enrolled();
      const rows = await sqlite.db.selectFrom('recovery_codes').selectAll().execute();
      expect(rows).toHaveLength(10);
      const stored = rows.map((row) => row.code_hash).join(' ');
      for (const code of recoveryCodes) expect(stored).not.toContain(code.replace(/-/g, ''));
    });

    it('turning it on keeps nothing when storing the recovery codes fails', async () => {
      const { secret } = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      const failing = withFailingMethod(sqlite.stores, 'recoveryCodes', 'replaceAll', new Error('disk full'));
      await expect(
        confirmTotpEnrolment({ ...deps, stores: failing }, justSignedIn(ann), codeFor(secret)),
      ).rejects.toThrow('disk full');
      expect((await secondFactorStatus(deps, ann)).totp).toBe('pending');
    });
  });

  describe('signing in', () => {
    it('a correct code signs in with amr pwd, otp, mfa', async () => {
      const { secret } = await enrolled();
      const result = await signInWithSecondFactor(deps, await pending(), {
        kind: 'totp',
        code: codeFor(secret),
      });
      expect(result.user.id).toBe(ann.id);
      expect(result.amr).toEqual(['pwd', 'otp', 'mfa']);
    });

    it('a code of the step before or after is accepted (±1 step), two steps away is not', async () => {
      const { secret } = await enrolled();
      clock.advanceSeconds(30); // the step before is not the one that turned TOTP on
      expect(
        await errorCode(
          signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret, now() - 60) }),
        ),
      ).toBe('invalid_code');
      await signInWithSecondFactor(deps, await pending(), {
        kind: 'totp',
        code: codeFor(secret, now() - 30),
      });
      await signInWithSecondFactor(deps, await pending(), {
        kind: 'totp',
        code: codeFor(secret, now() + 30),
      });
      expect(
        await errorCode(
          signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret, now() + 60) }),
        ),
      ).toBe('invalid_code');
    });

    it('a code accepted once is refused again within its window (replay), and so is an earlier one', async () => {
      const { secret } = await enrolled();
      const code = codeFor(secret);
      const earlier = codeFor(secret, now() - 30);
      await signInWithSecondFactor(deps, await pending(), { kind: 'totp', code });
      expect(await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code }))).toBe(
        'code_already_used',
      );
      clock.advanceSeconds(25); // still within the code's ±1 step window
      expect(await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code }))).toBe(
        'code_already_used',
      );
      expect(
        await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: earlier })),
      ).toBe('invalid_code');
    });

    it('the code that turned TOTP on cannot sign in', async () => {
      const { secret } = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      const code = codeFor(secret);
      await confirmTotpEnrolment(deps, justSignedIn(ann), code);
      expect(await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code }))).toBe(
        'code_already_used',
      );
    });

    it('of concurrent sign-ins with one code exactly one succeeds', async () => {
      const { secret } = await enrolled();
      const code = codeFor(secret);
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, async () =>
          errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code })),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'none')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'code_already_used')).toHaveLength(4);
    });

    it('a recovery code signs in once, in any case and with or without dashes', async () => {
      const { recoveryCodes } = await enrolled();
      const code = recoveryCodes[0] as string;
      const result = await signInWithSecondFactor(deps, await pending(), {
        kind: 'recovery_code',
        code: code.toUpperCase().replace(/-/g, ' '),
      });
      expect(result.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(
        await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'recovery_code', code })),
      ).toBe('invalid_code');
      expect((await secondFactorStatus(deps, ann)).recoveryCodesLeft).toBe(9);
    });

    it('limits wrong codes to 5 per account per 15 minutes, the right code included once the limit is hit', async () => {
      const { secret } = await enrolled();
      expect(SECOND_FACTOR_LIMIT).toEqual({ max: 5, windowSeconds: 900 });
      for (let attempt = 0; attempt < 5; attempt++) {
        expect(
          await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: '000000' })),
        ).toBe('invalid_code');
      }
      const limited = signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret) });
      await expect(limited).rejects.toMatchObject({ code: 'too_many_attempts' });
      await expect(limited).rejects.toHaveProperty('retryAfterSeconds', expect.any(Number));
      // Recovery codes are held by the same limit: it is per account, whatever is typed.
      expect(
        await errorCode(
          signInWithSecondFactor(deps, await pending(), { kind: 'recovery_code', code: 'x'.repeat(16) }),
        ),
      ).toBe('too_many_attempts');

      clock.advanceSeconds(15 * 60);
      await signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret) });
    });

    it('a success does not count against the limit', async () => {
      const { secret } = await enrolled();
      for (let attempt = 0; attempt < 4; attempt++) {
        await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: '000000' }));
      }
      await signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret) });
      clock.advanceSeconds(30);
      // The fifth wrong code is still allowed, and is answered as wrong, not as too many.
      expect(
        await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: '000000' })),
      ).toBe('invalid_code');
    });

    it('one account at its limit does not hold another', async () => {
      const { secret } = await enrolled();
      const bob = userRecord('u-bob', 'bob@example.com');
      await sqlite.stores.users.create(bob);
      const bobSecret = (await startTotpEnrolment(deps, LABEL, justSignedIn(bob))).secret;
      await confirmTotpEnrolment(deps, justSignedIn(bob), codeFor(bobSecret));
      clock.advanceSeconds(30);
      for (let attempt = 0; attempt < 6; attempt++) {
        await errorCode(signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: '000000' }));
      }
      const bobPending = await pending(bob);
      await signInWithSecondFactor(deps, bobPending, { kind: 'totp', code: codeFor(bobSecret) });
      expect(secret).not.toBe(bobSecret);
    });

    it('a missing or stale pending sign-in, a changed password or a disabled account means starting again', async () => {
      const { secret } = await enrolled();
      const code = codeFor(secret);
      const expired = (p: PendingSignIn | undefined) =>
        errorCode(signInWithSecondFactor(deps, p, { kind: 'totp', code }));
      expect(await expired(undefined)).toBe('sign_in_expired');
      expect(await expired({ ...(await pending()), credentialsVersion: ann.credentialsVersion + 1 })).toBe(
        'sign_in_expired',
      );
      expect(await expired({ ...(await pending()), userId: 'u-nobody' })).toBe('sign_in_expired');
      await sqlite.stores.users.disable(ann.id, now());
      expect(await expired(await pending())).toBe('sign_in_expired');
    });

    it('a pending sign-in passes once: used again, with a fresh code or a recovery code, it is refused', async () => {
      const { secret, recoveryCodes } = await enrolled();
      const once = await pendingSignIns.read(await pendingSignIns.issue(ann, await factorOf(ann), ['pwd']));
      await signInWithSecondFactor(deps, once, { kind: 'totp', code: codeFor(secret) });
      clock.advanceSeconds(30);
      expect(
        await errorCode(signInWithSecondFactor(deps, once, { kind: 'totp', code: codeFor(secret) })),
      ).toBe('sign_in_expired');
      expect(
        await errorCode(
          signInWithSecondFactor(deps, once, { kind: 'recovery_code', code: recoveryCodes[0] as string }),
        ),
      ).toBe('sign_in_expired');
      // Another pending sign-in is not held by it.
      await signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret) });
    });

    it('of concurrent sign-ins with one pending sign-in and different codes exactly one succeeds', async () => {
      const { secret, recoveryCodes } = await enrolled();
      const shared = await pending();
      const outcomes = await Promise.all([
        errorCode(signInWithSecondFactor(deps, shared, { kind: 'totp', code: codeFor(secret) })),
        ...recoveryCodes
          .slice(0, 3)
          .map((code) => errorCode(signInWithSecondFactor(deps, shared, { kind: 'recovery_code', code }))),
      ]);
      expect(outcomes.filter((outcome) => outcome === 'none')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'sign_in_expired')).toHaveLength(3);
    });

    it('a pending sign-in from before TOTP was turned off and on again is refused, even within the same second', async () => {
      await enrolled();
      const before = await pendingSignIns.read(await pendingSignIns.issue(ann, await factorOf(ann), ['pwd']));
      await disableTotp(deps, justSignedIn(ann));
      const { secret } = await startTotpEnrolment(deps, LABEL, justSignedIn(ann));
      await confirmTotpEnrolment(deps, justSignedIn(ann), codeFor(secret));
      clock.advanceSeconds(30);
      expect(
        await errorCode(signInWithSecondFactor(deps, before, { kind: 'totp', code: codeFor(secret) })),
      ).toBe('sign_in_expired');
      await signInWithSecondFactor(deps, await pending(), { kind: 'totp', code: codeFor(secret) });
    });

    it('the pending sign-in cookie lasts 5 minutes and cannot be forged', async () => {
      const cookie = await pendingSignIns.issue(ann, { sealedSecret: 'sealed' }, ['pwd']);
      expect(await pendingSignIns.read(cookie)).toMatchObject({ userId: ann.id, amr: ['pwd'] });
      expect(await pendingSignIns.read(`${cookie.slice(0, -2)}AA`)).toBeUndefined();
      const otherKey = new PendingSignIns(new SecretBox(generateSecretKey()), clock);
      expect(await otherKey.read(cookie)).toBeUndefined();
      clock.advanceSeconds(5 * 60);
      expect(await pendingSignIns.read(cookie)).toBeUndefined();
    });
  });

  describe('changes that need a recent sign-in', () => {
    const session = (ageSeconds: number) => ({ authTime: now() - ageSeconds });

    it('starting, viewing and confirming an enrolment need a sign-in within 5 minutes', async () => {
      const old = { user: ann, session: session(5 * 60) };
      expect(await errorCode(startTotpEnrolment(deps, LABEL, old))).toBe('reauthentication_required');
      expect((await secondFactorStatus(deps, ann)).totp).toBe('off');

      // An enrolment the owner began and left: an old session neither sees its secret nor finishes it.
      const { secret } = await startTotpEnrolment(deps, LABEL, { user: ann, session: session(60) });
      expect(await errorCode(pendingTotpEnrolment(deps, LABEL, old))).toBe('reauthentication_required');
      expect(await errorCode(confirmTotpEnrolment(deps, old, codeFor(secret)))).toBe(
        'reauthentication_required',
      );
      expect(await secondFactorStatus(deps, ann)).toEqual({ totp: 'pending', recoveryCodesLeft: 0 });

      const fresh = { user: ann, session: session(4 * 60) };
      expect((await pendingTotpEnrolment(deps, LABEL, fresh))?.secret).toBe(secret);
      expect(await confirmTotpEnrolment(deps, fresh, codeFor(secret))).toHaveLength(10);
      expect((await secondFactorStatus(deps, ann)).totp).toBe('on');
    });

    it('turning TOTP off needs a sign-in within 5 minutes, and forgets the factor and its codes together', async () => {
      await enrolled();
      expect(await errorCode(disableTotp(deps, { user: ann, session: session(5 * 60) }))).toBe(
        'reauthentication_required',
      );
      expect((await secondFactorStatus(deps, ann)).totp).toBe('on');
      await disableTotp(deps, { user: ann, session: session(60) });
      expect(await secondFactorStatus(deps, ann)).toEqual({ totp: 'off', recoveryCodesLeft: 0 });
      expect(await sqlite.db.selectFrom('recovery_codes').selectAll().execute()).toEqual([]);
    });

    it('turning TOTP off keeps it on when forgetting the codes fails', async () => {
      await enrolled();
      const failing = withFailingMethod(sqlite.stores, 'recoveryCodes', 'deleteAll', new Error('disk full'));
      await expect(
        disableTotp({ ...deps, stores: failing }, { user: ann, session: session(0) }),
      ).rejects.toThrow('disk full');
      expect(await secondFactorStatus(deps, ann)).toEqual({ totp: 'on', recoveryCodesLeft: 10 });
    });

    it('new recovery codes need a recent sign-in and end the old set', async () => {
      const { recoveryCodes: old } = await enrolled();
      await signInWithSecondFactor(deps, await pending(), { kind: 'recovery_code', code: old[0] as string });
      expect(await errorCode(regenerateRecoveryCodes(deps, { user: ann, session: session(3600) }))).toBe(
        'reauthentication_required',
      );
      const fresh = await regenerateRecoveryCodes(deps, { user: ann, session: session(10) });
      expect(fresh).toHaveLength(10);
      expect((await secondFactorStatus(deps, ann)).recoveryCodesLeft).toBe(10);
      expect(
        await errorCode(
          signInWithSecondFactor(deps, await pending(), { kind: 'recovery_code', code: old[1] as string }),
        ),
      ).toBe('invalid_code');
      await signInWithSecondFactor(deps, await pending(), {
        kind: 'recovery_code',
        code: fresh[1] as string,
      });
    });
  });
});
