// Chooses the access token audience: the RFC 8707 `resource` the client asked for, else the client's default.
import type { Client } from './clients/client.js';
import { OAuthError } from './oauth-error.js';

export function resolveAudience(resource: string | undefined, client: Client): string {
  if (resource === undefined) {
    if (client.audience === null)
      throw new OAuthError('invalid_target', 'this client has no default audience; send resource');
    return client.audience;
  }
  // RFC 8707 §2: an absolute URI without a fragment.
  if (!URL.canParse(resource) || resource.includes('#')) {
    throw new OAuthError('invalid_target', 'resource must be an absolute URI without a fragment');
  }
  if (resource !== client.audience && !client.resources.includes(resource)) {
    throw new OAuthError('invalid_target', 'this client may not ask for that resource');
  }
  return resource;
}
