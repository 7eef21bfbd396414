// The contract every grant type implements; the token endpoint dispatches on grant_type to one of these.
import type { Client, GrantType } from '../clients/client.js';
import type { FormParams } from '../form-params.js';

/** RFC 6749 §5.1 successful response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
}

export interface GrantHandler {
  readonly grantType: GrantType;
  /**
   * Parameters this grant reads besides grant_type and client authentication; the token endpoint hands it only these
   * (declaredParameters), so others are ignored (RFC 6749 §3.2).
   */
  readonly parameters: ReadonlySet<string>;
  handle(client: Client, params: FormParams): Promise<TokenResponse>;
}

/** The request's parameters that `grant` declares; every other one is dropped before the grant sees the request. */
export function declaredParameters(grant: GrantHandler, params: FormParams): FormParams {
  return new Map([...params].filter(([name]) => grant.parameters.has(name)));
}
