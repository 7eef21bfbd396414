// Reads and checks an authorization request (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1): the checks in checks/,
// one rule each, composed here in the order they apply. Until the client and its redirect_uri are verified, errors
// are shown on a page; after that they go back to the client (authorization-errors.ts).
import type { Client, ClientStore } from '../clients/client.js';
import { AuthorizationRedirectError } from './authorization-errors.js';
import type { VerifiedRequestContext } from './checks/authorization-check.js';
import { checkAcrValues } from './checks/check-acr-values.js';
import { checkClient } from './checks/check-client.js';
import { checkMaxAge } from './checks/check-max-age.js';
import { checkPkce } from './checks/check-pkce.js';
import { checkPrompt, type Prompt } from './checks/check-prompt.js';
import { checkRedirectUri } from './checks/check-redirect-uri.js';
import { checkRequestObject } from './checks/check-request-object.js';
import { checkResponseType } from './checks/check-response-type.js';
import { checkScope } from './checks/check-scope.js';
import { type RequestParams, readParams } from './checks/read-params.js';

export interface AuthorizationRequest {
  client: Client;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  nonce: string | undefined;
  codeChallenge: string;
  prompt: Set<Prompt>;
  maxAge: number | undefined;
  /** The ACR values asked for, in order of preference (next-authorization-step.ts decides which one is met). */
  acrValues: string[] | undefined;
  loginHint: string | undefined;
  /** As sent; the endpoint verifies it (OIDC Core §3.1.2.1), since that needs the key ring. */
  idTokenHint: string | undefined;
  /** The organization (id or name) the tokens are to be for, as sent; choose-organization.ts checks membership. */
  organization: string | undefined;
}

export async function readAuthorizationRequest(
  params: RequestParams,
  clients: ClientStore,
): Promise<AuthorizationRequest> {
  const param = readParams(params);
  // Errors on Tessera's page: there is no verified place to send them yet.
  const client = await checkClient(param, clients);
  const redirectUri = checkRedirectUri(param, client);
  const state = param('state');
  // Errors back to the client from here on.
  const verified: VerifiedRequestContext = {
    param,
    client,
    fail: (code, description) => new AuthorizationRedirectError(code, description, redirectUri, state),
  };
  checkResponseType(verified);
  checkRequestObject(verified);
  const scopes = checkScope(verified);
  const codeChallenge = checkPkce(verified);
  const prompt = checkPrompt(verified);
  const maxAge = checkMaxAge(verified);
  const acrValues = checkAcrValues(verified);
  return {
    client,
    redirectUri,
    state,
    scopes,
    nonce: param('nonce'),
    codeChallenge,
    prompt,
    maxAge,
    acrValues,
    loginHint: param('login_hint'),
    idTokenHint: param('id_token_hint'),
    organization: param('organization'),
  };
}
