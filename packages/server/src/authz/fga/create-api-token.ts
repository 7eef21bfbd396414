// Creates a pre-shared token for the FGA API (for `CredentialsMethod.ApiToken` callers that do not use OAuth): shown
// once, stored only as its hash. The CLI and tests call this; nothing else makes API tokens.
import { type Clock, epochSeconds } from '../../clock.js';
import { generateOpaqueSecret, generateRandomId, hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import type { FgaApiToken, FgaApiTokenStore } from './api-token-store.js';
import { FgaError } from './fga-error.js';
import { API_TOKEN_PREFIX, FGA_SCOPES } from './fga-scopes.js';

export interface CreatedApiToken {
  readonly record: FgaApiToken;
  /** The token itself: shown now, never again. */
  readonly token: string;
}

export async function createFgaApiToken(
  store: Pick<FgaApiTokenStore, 'create'>,
  request: { name: string; scopes: readonly string[] },
  clock: Clock,
): Promise<CreatedApiToken> {
  const name = request.name.trim();
  if (name === '' || name.length > 200) {
    throw new FgaError('validation_error', 2000, 'an API token needs a name of 1 to 200 characters');
  }
  const unknown = request.scopes.filter((scope) => !(FGA_SCOPES as readonly string[]).includes(scope));
  if (request.scopes.length === 0 || unknown.length > 0) {
    throw new FgaError('validation_error', 2000, `an API token's scopes are among ${FGA_SCOPES.join(', ')}`);
  }
  const token = `${API_TOKEN_PREFIX}${generateOpaqueSecret()}`;
  const record: FgaApiToken = {
    id: generateRandomId(),
    name,
    tokenHash: hashOpaqueSecret(token),
    scopes: [...new Set(request.scopes)],
    createdAt: epochSeconds(clock),
  };
  await store.create(record);
  return { record, token };
}
