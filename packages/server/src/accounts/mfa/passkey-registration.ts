// Adding a passkey from the account page: the server's options (a discoverable credential, so it can sign in without
// an email; the account's passkeys excluded, so one authenticator is not added twice), then the browser's attestation,
// verified against the challenge taken once (bound to this account and session), the issuer's origin and RP ID. The
// credential is stored with the name the person gave it. Both steps need a recent sign-in (recent-sign-in.ts): an old
// or stolen session must not be able to put its own key on the account.
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { epochSeconds } from '../../clock.js';
import { requireRecentSignIn } from '../recent-sign-in.js';
import { PASSKEY_CHALLENGE_SECONDS, saveChallenge, takeChallenge } from './passkey-challenges.js';
import { type PasskeyAccount, type PasskeyDependencies, userHandleOf } from './passkey-dependencies.js';
import { PasskeyError } from './passkey-error.js';
import { parseRegistrationResponse } from './passkey-response.js';
import type { Passkey, PasskeyTransport } from './passkey-store.js';

export const PASSKEY_NAME_MAX_LENGTH = 64;

/** The name as stored (trimmed); PasskeyError invalid_passkey_name when empty or too long. */
export function checkPasskeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > PASSKEY_NAME_MAX_LENGTH || /\p{Cc}/u.test(trimmed))
    throw new PasskeyError('invalid_passkey_name');
  return trimmed;
}

/** The options for navigator.credentials.create(). Throws ReauthenticationRequiredError without a recent sign-in. */
export async function startPasskeyRegistration(
  deps: PasskeyDependencies,
  { user, session }: PasskeyAccount,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const now = epochSeconds(deps.clock);
  requireRecentSignIn(session, now);
  const existing = await deps.stores.passkeys.listByUser(user.id);
  const options = await generateRegistrationOptions({
    rpName: deps.relyingParty.name,
    rpID: deps.relyingParty.id,
    userID: userHandleOf(user.id),
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    timeout: PASSKEY_CHALLENGE_SECONDS * 1000,
    // No attestation: Tessera trusts no particular maker of authenticators, and asks for nothing it would not check.
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await saveChallenge(
    deps.stores.passkeyChallenges,
    options.challenge,
    { ceremony: 'register', userId: user.id, binding: session.sid },
    now,
  );
  return options;
}

/**
 * Verifies the browser's attestation (`responseJson`, from @simplewebauthn/browser's startRegistration) and stores the
 * passkey as `name`. Throws ReauthenticationRequiredError without a recent sign-in; PasskeyError invalid_passkey_name,
 * or passkey_failed when the response does not verify (or its credential is registered already).
 */
export async function finishPasskeyRegistration(
  deps: PasskeyDependencies,
  { user, session }: PasskeyAccount,
  responseJson: string | undefined,
  name: string,
): Promise<Passkey> {
  const now = epochSeconds(deps.clock);
  requireRecentSignIn(session, now);
  const passkeyName = checkPasskeyName(name);
  const response = parseRegistrationResponse(responseJson);
  const expectedChallenge = await takeChallenge(
    deps.stores.passkeyChallenges,
    response.response.clientDataJSON,
    { ceremony: 'register', userId: user.id, binding: session.sid },
    now,
  );
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: deps.relyingParty.origin,
      expectedRPID: deps.relyingParty.id,
      requireUserVerification: false,
    });
  } catch {
    throw new PasskeyError('passkey_failed');
  }
  if (!verification.verified) throw new PasskeyError('passkey_failed');
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const passkey: Passkey = {
    id: credential.id,
    userId: user.id,
    name: passkeyName,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: (response.response.transports ?? []).filter(isTransport),
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
    createdAt: now,
    lastUsedAt: null,
  };
  if (!(await deps.stores.passkeys.add(passkey))) throw new PasskeyError('passkey_failed');
  return passkey;
}

const TRANSPORTS: ReadonlySet<string> = new Set([
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
]);
const isTransport = (value: unknown): value is PasskeyTransport =>
  typeof value === 'string' && TRANSPORTS.has(value);
