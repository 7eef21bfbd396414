// Reads a device authorization request (RFC 8628 §3.1) from an authenticated client with the authorization checks
// (authorization/checks/) that apply to it, composed here in order; each refusal is an OAuth JSON error.
import type { VerifiedRequestContext } from '../authorization/checks/authorization-check.js';
import { checkGrantType } from '../authorization/checks/check-grant-type.js';
import { checkRequestObject } from '../authorization/checks/check-request-object.js';
import { checkScope } from '../authorization/checks/check-scope.js';
import { type Client, DEVICE_CODE_GRANT_TYPE } from '../clients/client.js';
import type { FormParams } from '../form-params.js';
import { OAuthError, type OAuthErrorCode } from '../oauth-error.js';

/** Far longer than any organization id or name (rbac-names.ts); a longer one is refused rather than looked up. */
const MAX_ORGANIZATION_LENGTH = 200;

export interface DeviceAuthorizationRequest {
  client: Client;
  scopes: string[];
  /** The organization (id or name) the tokens are to be for, as sent; checked against the person at approval. */
  organization: string | undefined;
}

export function readDeviceAuthorizationRequest(
  client: Client,
  params: FormParams,
): DeviceAuthorizationRequest {
  const verified: VerifiedRequestContext = {
    param: (name) => params.get(name),
    client,
    fail: (code, description) => new OAuthError(code as OAuthErrorCode, description),
  };
  checkGrantType(verified, DEVICE_CODE_GRANT_TYPE);
  checkRequestObject(verified);
  const scopes = checkScope(verified);
  const organization = params.get('organization');
  if (organization !== undefined && organization.length > MAX_ORGANIZATION_LENGTH)
    throw new OAuthError('invalid_request', 'organization is too long');
  return { client, scopes, organization };
}
