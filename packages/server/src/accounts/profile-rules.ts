// What a profile claim may hold (OpenID Connect Core §5.1): names as plain text, an https picture, a BCP 47 locale.

import { hasControlCharacters } from '../oauth/control-characters.js';
import { TesseraError } from '../tessera-error.js';
import type { UserProfile } from './user.js';

/** The OIDC claim each profile field is released as; also the name errors report. */
export const PROFILE_FIELD_CLAIMS = {
  name: 'name',
  givenName: 'given_name',
  familyName: 'family_name',
  picture: 'picture',
  locale: 'locale',
} as const satisfies Record<keyof UserProfile, string>;

export type ProfileClaim = (typeof PROFILE_FIELD_CLAIMS)[keyof UserProfile];

export const MAX_NAME_LENGTH = 200;
export const MAX_PICTURE_URL_LENGTH = 2048;
const MAX_LOCALE_LENGTH = 64;

export class ProfileError extends TesseraError {
  readonly code = 'invalid_profile';
  /** `reason` completes a sentence that starts with the claim or with the option that set it. */
  constructor(
    readonly claim: ProfileClaim,
    readonly reason: string,
  ) {
    super(`${claim} ${reason}`);
    this.name = 'ProfileError';
  }
}

/**
 * Checks and normalises the profile fields given (trimmed; the locale in its canonical case, `en-us` -> `en-US`).
 * An empty value, or null, clears a field. Throws ProfileError, naming the first claim that is refused.
 */
export function checkProfile(changes: Partial<UserProfile>): Partial<UserProfile> {
  const checked: Partial<UserProfile> = {};
  for (const field of Object.keys(PROFILE_FIELD_CLAIMS) as (keyof UserProfile)[]) {
    const value = changes[field];
    if (value === undefined) continue;
    const trimmed = value?.trim() ?? '';
    checked[field] = trimmed === '' ? null : checkField(field, trimmed);
  }
  return checked;
}

function checkField(field: keyof UserProfile, value: string): string {
  const claim = PROFILE_FIELD_CLAIMS[field];
  if (field === 'picture') return checkPicture(value);
  if (field === 'locale') return checkLocale(value);
  if ([...value].length > MAX_NAME_LENGTH || hasControlCharacters(value)) {
    throw new ProfileError(
      claim,
      `must be at most ${MAX_NAME_LENGTH} characters, without control characters`,
    );
  }
  return value;
}

// Apps put the picture in an <img src> on their own pages: only https, so it neither leaks over plain http nor runs
// as a javascript: or data: URL, and without credentials.
function checkPicture(value: string): string {
  const url = URL.parse(value);
  const acceptable =
    url?.protocol === 'https:' &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    value.length <= MAX_PICTURE_URL_LENGTH &&
    !hasControlCharacters(value);
  if (!acceptable) {
    throw new ProfileError(
      'picture',
      `must be an https URL without credentials, at most ${MAX_PICTURE_URL_LENGTH} characters, like https://example.com/ann.jpg`,
    );
  }
  return value;
}

// OIDC Core §5.1: a BCP 47 (RFC 5646) language tag, such as en-US or fr-CA; Intl parses it, and gives it back in its
// canonical case.
function checkLocale(value: string): string {
  let canonical: string | undefined;
  try {
    canonical = value.length <= MAX_LOCALE_LENGTH ? Intl.getCanonicalLocales(value)[0] : undefined;
  } catch {
    canonical = undefined;
  }
  if (canonical === undefined) {
    throw new ProfileError('locale', 'must be a BCP 47 language tag, like en, en-US or fr-CA');
  }
  return canonical;
}
