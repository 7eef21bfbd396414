// The contract every grant type implements; the token endpoint dispatches on grant_type to one of these.
import type { Client } from '../clients/client.js';
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
  readonly grantType: string;
  /** Parameters this grant reads besides grant_type and client authentication; others are ignored (RFC 6749 §3.2). */
  readonly parameters: ReadonlySet<string>;
  handle(client: Client, params: FormParams): Promise<TokenResponse>;
}
