// NIST SP 800-63B §3.1.1.2 password rules: length only, no composition rules, and no commonly used passwords.

import { readFileSync } from 'node:fs';
import { TesseraError } from '../tessera-error.js';

export const MIN_PASSWORD_LENGTH = 8;
/** NIST asks to accept at least 64 characters; far longer ones only cost hashing time. */
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_too_common';

export class PasswordPolicyError extends TesseraError {
  constructor(readonly code: PasswordProblem) {
    super(
      code === 'password_too_short'
        ? `Use at least ${MIN_PASSWORD_LENGTH} characters.`
        : code === 'password_too_long'
          ? `Use at most ${MAX_PASSWORD_LENGTH} characters.`
          : 'This password is too common. Choose one that is harder to guess.',
      { field: 'password' },
    );
    this.name = 'PasswordPolicyError';
  }
}

let commonPasswords: Set<string> | undefined;

function isCommon(password: string): boolean {
  commonPasswords ??= new Set(
    readFileSync(new URL('../../assets/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  return commonPasswords.has(password.toLowerCase());
}

/** Length is counted in Unicode code points (NIST: each character counts, spaces included). */
export function findPasswordProblem(password: string, email?: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'password_too_long';
  const lower = password.toLowerCase();
  // The account's own email, or its local part, is as guessable as any list entry.
  const emailWords = email ? [email.toLowerCase(), email.toLowerCase().split('@')[0]] : [];
  if (isCommon(password) || emailWords.includes(lower)) return 'password_too_common';
  return undefined;
}

/** Throws PasswordPolicyError for the password's problem, if it has one. */
export function checkPasswordPolicy(password: string, email?: string): void {
  const problem = findPasswordProblem(password, email);
  if (problem !== undefined) throw new PasswordPolicyError(problem);
}
