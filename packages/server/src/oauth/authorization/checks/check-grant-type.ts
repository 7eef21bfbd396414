// The client may use the grant the endpoint starts (RFC 6749 §5.2 unauthorized_client): a client registered without
// the device grant cannot start a device authorization.
import type { GrantType } from '../../clients/client.js';
import type { VerifiedRequestContext } from './authorization-check.js';

export function checkGrantType({ client, fail }: VerifiedRequestContext, grantType: GrantType): void {
  if (!client.grantTypes.includes(grantType))
    throw fail('unauthorized_client', `this client may not use ${grantType}`);
}
