// The browser's answer to a passkey ceremony as it arrives in a form field: JSON of the shape @simplewebauthn/browser
// returns, bounded in size and checked for the fields the ceremony reads before anything else looks at it. The
// library checks the rest (types, encodings, signature).
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { PasskeyError } from './passkey-error.js';

/** Far above any real response (a few hundred bytes to a few kilobytes with attestation certificates). */
export const MAX_PASSKEY_RESPONSE_LENGTH = 16_384;

interface ResponseShape {
  id: string;
  rawId: string;
  type: 'public-key';
  response: Record<string, unknown> & { clientDataJSON: string };
}

function parseShape(json: string | undefined, fields: string[]): ResponseShape {
  if (json === undefined || json.length === 0 || json.length > MAX_PASSKEY_RESPONSE_LENGTH)
    throw new PasskeyError('passkey_failed');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new PasskeyError('passkey_failed');
  }
  const value = parsed as Partial<ResponseShape> | null;
  const inner = value?.response;
  if (
    typeof value?.id !== 'string' ||
    value.id.length === 0 ||
    value.id.length > 1_024 ||
    typeof value.rawId !== 'string' ||
    value.type !== 'public-key' ||
    typeof inner !== 'object' ||
    inner === null ||
    !['clientDataJSON', ...fields].every((field) => typeof inner[field] === 'string')
  )
    throw new PasskeyError('passkey_failed');
  return value as ResponseShape;
}

export function parseRegistrationResponse(json: string | undefined): RegistrationResponseJSON {
  const shape = parseShape(json, ['attestationObject']);
  return { clientExtensionResults: {}, ...shape } as unknown as RegistrationResponseJSON;
}

export function parseAuthenticationResponse(json: string | undefined): AuthenticationResponseJSON {
  const shape = parseShape(json, ['authenticatorData', 'signature']);
  return { clientExtensionResults: {}, ...shape } as unknown as AuthenticationResponseJSON;
}
