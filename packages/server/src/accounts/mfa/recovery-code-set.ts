// Making a new set of recovery codes: the old set ends, the new one is stored hashed and returned once to be shown.
import type { RecoveryCodeStore } from './recovery-code-store.js';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';

export async function issueRecoveryCodes(
  store: RecoveryCodeStore,
  userId: string,
  now: number,
): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const hashes = codes.map((code) => hashRecoveryCode(normalizeRecoveryCode(code) as string));
  await store.replaceAll(userId, hashes, now);
  return codes;
}
