// TOTP secrets at rest: sealed with the master key (SecretBox, as private signing keys are), bound to their account,
// so a database on its own yields no secret and a sealed secret copied to another account's row does not open.
import type { SecretBox } from '../../crypto/secret-box.js';

const purposeFor = (userId: string) => `totp-secret:${userId}`;

export function sealTotpSecret(
  box: Pick<SecretBox, 'seal'>,
  userId: string,
  secret: string,
): Promise<string> {
  return box.seal(secret, purposeFor(userId));
}

export function openTotpSecret(
  box: Pick<SecretBox, 'openStored'>,
  userId: string,
  sealed: string,
): Promise<string> {
  return box.openStored(sealed, purposeFor(userId));
}
