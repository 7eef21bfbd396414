// Checking one passkey assertion against a stored passkey, shared by passwordless sign-in and the second factor: the
// library verifies the origin, RP ID, challenge, signature, user presence (and verification when required) and that
// the signature counter went up (a counter going back means a cloned authenticator, WebAuthn §6.1.1). Any failure is
// passkey_failed, so nothing tells which check it was.
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { PASSKEY_CHALLENGE_SECONDS } from './passkey-challenges.js';
import { PasskeyError } from './passkey-error.js';
import type { RelyingParty } from './passkey-relying-party.js';
import type { Passkey } from './passkey-store.js';

export interface VerifiedAssertion {
  counter: number;
  backedUp: boolean;
  userVerified: boolean;
}

/** Options for navigator.credentials.get(): `allow` the account's passkeys, or none for a discoverable credential. */
export function assertionOptions(
  relyingParty: RelyingParty,
  allow: Pick<Passkey, 'id' | 'transports'>[],
  userVerification: 'required' | 'preferred',
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: relyingParty.id,
    allowCredentials: allow.map(({ id, transports }) => ({ id, transports })),
    userVerification,
    timeout: PASSKEY_CHALLENGE_SECONDS * 1000,
  });
}

export async function verifyAssertion(
  relyingParty: RelyingParty,
  passkey: Passkey,
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  requireUserVerification: boolean,
): Promise<VerifiedAssertion> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification,
    });
    if (!verified) throw new PasskeyError('passkey_failed');
    return {
      counter: authenticationInfo.newCounter,
      backedUp: authenticationInfo.credentialBackedUp,
      userVerified: authenticationInfo.userVerified,
    };
  } catch {
    throw new PasskeyError('passkey_failed');
  }
}
