// Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, RFC 7523 §2.2).
import type { Clock } from '../../clock.js';
import type { Client, ClientAuthMethod, ClientStore } from '../clients/client.js';
import type { FormParams } from '../form-params.js';
import { OAuthError } from '../oauth-error.js';
import type { AssertionReplayStore } from './assertion-replay-store.js';
import { CLIENT_ASSERTION_TYPE_JWT_BEARER, verifyClientAssertion } from './client-assertion.js';
import { checkClientSecret, readBasicCredentials } from './client-secret.js';

export interface ClientAuthDependencies {
  clients: ClientStore;
  assertionReplay: AssertionReplayStore;
  clock: Clock;
  issuer: string;
  /** The URLs an assertion's `aud` may name besides the issuer (the endpoint that was called). */
  endpointUrl: string;
  /** Whether a public client (no credentials, only client_id) may call this endpoint. */
  allowPublicClients: boolean;
}

export interface ClientAuthRequest {
  authorization: string | undefined;
  params: FormParams;
}

export interface AuthenticatedClient {
  client: Client;
  method: ClientAuthMethod;
}

/**
 * The client a request says it is for, before any check: the Basic user name, else the client_id parameter. Only for
 * choosing whose rules apply to an answer (CORS), never for trusting the request.
 */
export function claimedClientId(request: ClientAuthRequest): string | undefined {
  if (/^basic /i.test(request.authorization ?? '')) {
    try {
      return readBasicCredentials(request.authorization as string, (d) => new OAuthError('invalid_client', d))
        .clientId;
    } catch {
      return undefined;
    }
  }
  return request.params.get('client_id');
}

const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="tessera", charset="UTF-8"' };

export async function authenticateClient(
  request: ClientAuthRequest,
  deps: ClientAuthDependencies,
): Promise<AuthenticatedClient> {
  const usesBasic = /^basic /i.test(request.authorization ?? '');
  const usesPost = request.params.has('client_secret');
  const usesAssertion = request.params.has('client_assertion') || request.params.has('client_assertion_type');
  const fail = (description: string): OAuthError =>
    new OAuthError('invalid_client', description, usesBasic ? { headers: BASIC_CHALLENGE } : {});

  // RFC 6749 §2.3: a client MUST NOT use more than one authentication method in a request.
  if (Number(usesBasic) + Number(usesPost) + Number(usesAssertion) > 1) {
    throw fail('use exactly one client authentication method');
  }

  if (usesAssertion) {
    if (request.params.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE_JWT_BEARER) {
      throw fail(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE_JWT_BEARER}`);
    }
    const client = await verifyClientAssertion(
      request.params.get('client_assertion'),
      request.params.get('client_id'),
      deps,
    );
    return { client, method: 'private_key_jwt' };
  }

  if (usesBasic || usesPost) {
    const credentials = usesBasic
      ? readBasicCredentials(request.authorization as string, fail)
      : {
          clientId: request.params.get('client_id'),
          clientSecret: request.params.get('client_secret') as string,
        };
    if (credentials.clientId === undefined) throw fail('client_id is required');
    const bodyClientId = request.params.get('client_id');
    if (usesBasic && bodyClientId !== undefined && bodyClientId !== credentials.clientId) {
      throw fail('client_id in the body does not match the Authorization header');
    }
    const client = await deps.clients.findById(credentials.clientId);
    if (!checkClientSecret(client, credentials.clientSecret)) throw fail('client authentication failed');
    return { client: client as Client, method: usesBasic ? 'client_secret_basic' : 'client_secret_post' };
  }

  // RFC 6749 §2.1: a public client identifies itself with client_id alone; a confidential one must authenticate.
  const publicClientId = request.params.get('client_id');
  if (deps.allowPublicClients && publicClientId !== undefined) {
    const client = await deps.clients.findById(publicClientId);
    if (client?.authMethod === 'none') return { client, method: 'none' };
  }
  throw new OAuthError('invalid_client', 'client authentication is required', { headers: BASIC_CHALLENGE });
}
