// Challenges of passkey ceremonies: random (32 bytes, WebAuthn §13.4.3), stored by their SHA-256 with the ceremony,
// the account and what they are bound to, for PASSKEY_CHALLENGE_SECONDS, and taken once: the challenge a response
// signed is looked up and deleted in one statement before anything else is checked, so a replayed response finds
// nothing. A challenge bound to another session, pending sign-in or browser, or issued for another ceremony or
// account, fails like an unknown one.
import { createHash } from 'node:crypto';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { PasskeyError } from './passkey-error.js';
import type { PasskeyCeremony, PasskeyChallengeStore } from './passkey-store.js';

/** How long a ceremony may take; also the browser's timeout for it. */
export const PASSKEY_CHALLENGE_SECONDS = 5 * 60;

export const hashPasskeyChallenge = (challenge: string) =>
  createHash('sha256').update(challenge).digest('base64url');

/** What a challenge is for, to be matched when it comes back. */
export interface ChallengeScope {
  ceremony: PasskeyCeremony;
  userId: string | null;
  binding: string;
}

export async function saveChallenge(
  store: Pick<PasskeyChallengeStore, 'save'>,
  challenge: string,
  scope: ChallengeScope,
  now: number,
): Promise<void> {
  await store.save({
    challengeHash: hashPasskeyChallenge(challenge),
    ...scope,
    expiresAt: now + PASSKEY_CHALLENGE_SECONDS,
  });
}

/**
 * Takes the challenge that `clientDataJSON` (base64url, as the browser sent it) signed, if it was issued for `scope`
 * and has not expired, and returns it for the library to compare; PasskeyError passkey_failed otherwise.
 */
export async function takeChallenge(
  store: Pick<PasskeyChallengeStore, 'take'>,
  clientDataJSON: unknown,
  scope: ChallengeScope,
  now: number,
): Promise<string> {
  let challenge: unknown;
  try {
    if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 4_096)
      throw new Error('no client data');
    challenge = decodeClientDataJSON(clientDataJSON).challenge;
  } catch {
    throw new PasskeyError('passkey_failed');
  }
  if (typeof challenge !== 'string' || challenge.length > 256) throw new PasskeyError('passkey_failed');
  const taken = await store.take(hashPasskeyChallenge(challenge), now);
  if (
    !taken ||
    taken.ceremony !== scope.ceremony ||
    taken.userId !== scope.userId ||
    taken.binding !== scope.binding
  )
    throw new PasskeyError('passkey_failed');
  return challenge;
}
