// Reads and checks an authorization request (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1), step by step.
// Until the client and its redirect_uri are verified, errors are shown on a page; after that they go back to the
// client (RFC 6749 §4.1.2.1, RFC 9700 §4.1.1).
import type { Client, ClientStore } from '../clients/client.js';
import { hasControlCharacters } from '../control-characters.js';
import { isValidScopeToken } from '../scope.js';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export const PROMPT_VALUES = ['none', 'login', 'consent'] as const;
type Prompt = (typeof PROMPT_VALUES)[number];

export interface AuthorizationRequest {
  client: Client;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  nonce: string | undefined;
  codeChallenge: string;
  prompt: Set<Prompt>;
  maxAge: number | undefined;
  loginHint: string | undefined;
  /** As sent; the endpoint verifies it (OIDC Core §3.1.2.1), since that needs the key ring. */
  idTokenHint: string | undefined;
}

/** Shown to the user on Tessera's own error page: the redirect target is not trustworthy. */
export class AuthorizationPageError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'invalid_client' | 'invalid_redirect_uri',
    message: string,
  ) {
    super(message);
    this.name = 'AuthorizationPageError';
  }
}

/** Sent back to the client's verified redirect_uri. */
export class AuthorizationRedirectError extends Error {
  constructor(
    readonly code: string,
    description: string,
    readonly redirectUri: string,
    readonly state: string | undefined,
  ) {
    super(description);
    this.name = 'AuthorizationRedirectError';
  }
}

export type RequestParams = { get(name: string): string | null | undefined; getAll?(name: string): string[] };

const MAX_PARAM_LENGTH = 4096;
// RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters; challenges are 43 to 128 unreserved characters.
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

export async function readAuthorizationRequest(
  params: RequestParams,
  clients: ClientStore,
): Promise<AuthorizationRequest> {
  const get = (name: string) => {
    // RFC 6749 §3.1: parameters must not be included more than once; a proxy and Tessera could read different ones.
    if ((params.getAll?.(name).length ?? 0) > 1) {
      throw new AuthorizationPageError('invalid_request', `The ${name} parameter appears more than once.`);
    }
    const value = params.get(name) ?? undefined;
    if (value !== undefined && value.length > MAX_PARAM_LENGTH) {
      throw new AuthorizationPageError('invalid_request', `The ${name} parameter is too long.`);
    }
    if (value !== undefined && hasControlCharacters(value)) {
      throw new AuthorizationPageError(
        'invalid_request',
        `The ${name} parameter contains control characters.`,
      );
    }
    return value === '' ? undefined : value;
  };
  // check-client
  const clientId = get('client_id');
  const client = clientId === undefined ? undefined : await clients.findById(clientId);
  if (!client?.grantTypes.includes('authorization_code')) {
    throw new AuthorizationPageError(
      'invalid_client',
      'The application that sent you here is not known to Tessera.',
    );
  }
  // check-redirect-uri: RFC 9700 §4.1.3, exact string comparison only.
  const redirectUri = get('redirect_uri');
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    throw new AuthorizationPageError(
      'invalid_redirect_uri',
      'The application asked to return you to an address it has not registered, so Tessera will not send you there.',
    );
  }
  const state = get('state');
  const fail = (code: string, description: string) =>
    new AuthorizationRedirectError(code, description, redirectUri, state);

  // check-response-type: only the code flow; implicit and hybrid are refused (RFC 9700 §2.1.2).
  const responseType = get('response_type');
  if (responseType === undefined) throw fail('invalid_request', 'response_type is required');
  if (responseType !== 'code')
    throw fail('unsupported_response_type', 'only response_type=code is supported');
  const responseMode = get('response_mode');
  if (responseMode !== undefined && responseMode !== 'query')
    throw fail('invalid_request', 'only response_mode=query is supported');
  if (get('request') !== undefined || get('request_uri') !== undefined) {
    throw fail('request_not_supported', 'request objects are not supported');
  }

  // check-scope
  const scopes = [...new Set((get('scope') ?? '').split(' ').filter((s) => s !== ''))];
  const allowed = new Set<string>([...OIDC_SCOPES, ...client.scopes]);
  if (scopes.some((s) => !isValidScopeToken(s) || !allowed.has(s))) {
    throw fail('invalid_scope', 'the requested scope is not allowed for this client');
  }

  // check-pkce: S256 only, for every client (RFC 9700 §2.1.1).
  const codeChallenge = get('code_challenge');
  if (codeChallenge === undefined) throw fail('invalid_request', 'code_challenge is required (PKCE)');
  if (get('code_challenge_method') !== 'S256')
    throw fail('invalid_request', 'code_challenge_method must be S256');
  if (!CODE_CHALLENGE.test(codeChallenge)) throw fail('invalid_request', 'code_challenge is malformed');

  // check-prompt and max_age (OIDC Core §3.1.2.1).
  const prompt = new Set<Prompt>();
  for (const value of (get('prompt') ?? '').split(' ').filter(Boolean)) {
    if (!(PROMPT_VALUES as readonly string[]).includes(value))
      throw fail('invalid_request', `prompt=${value} is not supported`);
    prompt.add(value as Prompt);
  }
  if (prompt.has('none') && prompt.size > 1) throw fail('invalid_request', 'prompt=none cannot be combined');
  const maxAgeText = get('max_age');
  if (maxAgeText !== undefined && !/^\d{1,9}$/.test(maxAgeText))
    throw fail('invalid_request', 'max_age must be a number');

  return {
    client,
    redirectUri,
    state,
    scopes,
    nonce: get('nonce'),
    codeChallenge,
    prompt,
    maxAge: maxAgeText === undefined ? undefined : Number(maxAgeText),
    loginHint: get('login_hint'),
    idTokenHint: get('id_token_hint'),
  };
}

/** RFC 6749 §4.1.2 and RFC 9207: the response goes to the redirect_uri's query, always with `iss`. */
export function authorizationResponseUrl(
  redirectUri: string,
  issuer: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.append(name, value);
  url.searchParams.append('iss', issuer);
  return url.toString();
}
