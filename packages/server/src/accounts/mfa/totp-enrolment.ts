// Turning TOTP on, from the account page: a new secret is stored sealed and unconfirmed, shown to the person (QR code
// and text), and turned on only by a correct code from their app, which proves the app holds it. Turning it on makes
// the first set of recovery codes, shown once. Each step needs a recent sign-in (recent-sign-in.ts): otherwise an old
// or stolen session could put its own authenticator on the account, locking the owner out, or read the secret of an
// enrolment the owner left unfinished. The correct code counts as the session's second factor, as Keycloak and Auth0
// count an enrolment during sign-in: a person sent to set TOTP up for an app that needs two factors goes on to it.
import { epochSeconds } from '../../clock.js';
import { requireRecentSignIn } from '../recent-sign-in.js';
import type { SignedInAccount } from './manage-totp.js';
import { issueRecoveryCodes } from './recovery-code-set.js';
import type { SecondFactorDependencies } from './second-factor-dependencies.js';
import { SecondFactorError } from './second-factor-error.js';
import { SECOND_FACTOR_AMR } from './sign-in-with-second-factor.js';
import { generateTotpSecret, matchTotpStep, totpUri } from './totp.js';
import { openTotpSecret, sealTotpSecret } from './totp-secret.js';

/** What the enrolment page shows: the secret in base32 and the otpauth:// URI its QR code holds. */
export interface TotpEnrolment {
  secret: string;
  uri: string;
}

/** Names the account in the person's authenticator app: this issuer's host, and the account's email. */
export interface TotpLabel {
  issuerName: string;
}

/**
 * A new secret for `user`, replacing an unfinished enrolment. Throws ReauthenticationRequiredError without a recent
 * sign-in, SecondFactorError totp_enabled when TOTP is on.
 */
export async function startTotpEnrolment(
  deps: SecondFactorDependencies,
  label: TotpLabel,
  { user, session }: SignedInAccount,
): Promise<TotpEnrolment> {
  requireRecentSignIn(session, epochSeconds(deps.clock));
  const secret = generateTotpSecret();
  const sealed = await sealTotpSecret(deps.box, user.id, secret);
  if (!(await deps.stores.totpFactors.savePending(user.id, sealed, epochSeconds(deps.clock))))
    throw new SecondFactorError('totp_enabled');
  return { secret, uri: totpUri(secret, label.issuerName, user.email) };
}

/** The enrolment `user` has begun and not finished, if any; ReauthenticationRequiredError without a recent sign-in. */
export async function pendingTotpEnrolment(
  deps: SecondFactorDependencies,
  label: TotpLabel,
  { user, session }: SignedInAccount,
): Promise<TotpEnrolment | undefined> {
  requireRecentSignIn(session, epochSeconds(deps.clock));
  const factor = await deps.stores.totpFactors.findByUser(user.id);
  if (!factor || factor.confirmedAt !== null) return undefined;
  const secret = await openTotpSecret(deps.box, user.id, factor.sealedSecret);
  return { secret, uri: totpUri(secret, label.issuerName, user.email) };
}

/**
 * Turns `user`'s pending TOTP on if `code` is right for it, and returns the new recovery codes (stored hashed: this
 * is the only time they are seen). The code's step counts as used, so it cannot sign in afterwards, and as the second
 * factor of the session (when `session` names it: amr gains otp and mfa, from now). Throws
 * ReauthenticationRequiredError without a recent sign-in; SecondFactorError: invalid_code, or totp_not_enabled when
 * no enrolment is pending.
 */
export async function confirmTotpEnrolment(
  deps: SecondFactorDependencies,
  { user, session }: SignedInAccount,
  code: string,
): Promise<string[]> {
  const now = epochSeconds(deps.clock);
  requireRecentSignIn(session, now);
  const factor = await deps.stores.totpFactors.findByUser(user.id);
  if (!factor || factor.confirmedAt !== null) throw new SecondFactorError('totp_not_enabled');
  const secret = await openTotpSecret(deps.box, user.id, factor.sealedSecret);
  const step = matchTotpStep(secret, code.replace(/\s/g, ''), now);
  if (step === undefined) throw new SecondFactorError('invalid_code');
  return deps.stores.transaction(async (unit) => {
    if (!(await unit.totpFactors.useStep(user.id, step, now, true)))
      throw new SecondFactorError('totp_not_enabled');
    if (session.idHash !== undefined) {
      const amr = [...new Set([...(session.amr ?? []), ...SECOND_FACTOR_AMR])];
      await unit.sessions.recordSecondFactor(session.idHash, amr, now);
    }
    return issueRecoveryCodes(unit.recoveryCodes, user.id, now);
  });
}
