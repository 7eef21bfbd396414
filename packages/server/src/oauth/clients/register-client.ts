// Validates client metadata and registers a client; the secret is returned once and stored only as a hash.
import type { JSONWebKeySet } from 'jose';
import { type Clock, epochSeconds } from '../../clock.js';
import { isHttpsOrLoopbackHttp, isLoopbackHost } from '../../config/loopback-hosts.js';
import { generateOpaqueSecret, generateRandomId, hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import { TesseraError } from '../../tessera-error.js';
import { REQUIRED_ID_TOKEN_ALG } from '../../tokens/key-ring.js';
import {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
  MIN_ACCESS_TOKEN_TTL_SECONDS,
} from '../../tokens/token-lifetimes.js';
import { isValidScopeToken } from '../scope.js';
import {
  CLIENT_AUTH_METHODS,
  type Client,
  type ClientAuthMethod,
  type ClientStore,
  DEVICE_CODE_GRANT_TYPE,
  GRANT_TYPES,
  type GrantType,
  ORGANIZATION_POLICIES,
  type OrganizationPolicy,
} from './client.js';

export interface ClientRegistration {
  name: string;
  grantTypes: string[];
  scopes: string[];
  audience?: string | undefined;
  resources?: string[] | undefined;
  authMethod?: string | undefined;
  jwks?: unknown;
  accessTokenTtlSeconds?: number | undefined;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  /** Web origins allowed for CORS besides those of the redirect URIs, e.g. `https://app.example.com`. */
  allowedOrigins?: string[] | undefined;
  /** A public client (a browser or native app) has no secret: token_endpoint_auth_method `none`, PKCE only. */
  public?: boolean | undefined;
  firstParty?: boolean | undefined;
  /** `RS256` for ID tokens signed RS256 whatever the server's signing algorithm; unset for that algorithm. */
  idTokenSignedResponseAlg?: string | undefined;
  /** `required`: people in several organizations pick one at sign-in; only for clients that sign people in. */
  organizations?: string | undefined;
  /** Every sign-in for the client needs a second factor; only for clients that sign people in. */
  requireMfa?: boolean | undefined;
}

export interface RegisteredClient {
  client: Client;
  /** Present only for secret-based clients, and only now. */
  clientSecret: string | undefined;
}

/**
 * Metadata that contradicts itself or asks for something Tessera does not do: a client's registration, through
 * any adapter, is refused as a whole rather than quietly changed.
 */
export type ClientMetadataRule =
  /** A public client has no credentials, so it has no authentication method but `none`. */
  | 'public_client_auth_method'
  /** Only people see a consent screen, and only authorization_code clients sign people in. */
  | 'first_party_without_sign_in'
  /** Redirect URIs, for sign-in or after sign-out, serve only clients that sign people in. */
  | 'redirect_uri_without_sign_in'
  /** Redirect URIs are compared exactly (RFC 9700 §4.1.1): a `*` would never match what its author meant. */
  | 'redirect_uri_wildcard';

/**
 * RFC 7591 §3.2.2: `invalid_redirect_uri` for a refused redirect URI, `invalid_client_metadata` for anything else;
 * `rule` names the refusal more precisely where the codes say too little.
 */
export class ClientMetadataError extends TesseraError {
  constructor(
    message: string,
    readonly rule?: ClientMetadataRule,
    readonly code: 'invalid_client_metadata' | 'invalid_redirect_uri' = 'invalid_client_metadata',
  ) {
    super(message);
    this.name = 'ClientMetadataError';
  }

  /** The code, and the rule that refines it where one code covers several refusals. */
  override describe(): string {
    return this.rule === undefined ? super.describe() : `${this.code}: ${this.rule}: ${this.message}`;
  }
}

export async function registerClient(
  registration: ClientRegistration,
  store: ClientStore,
  clock: Clock,
): Promise<RegisteredClient> {
  const name = registration.name.trim();
  if (name === '' || name.length > 200) throw new ClientMetadataError('name must be 1 to 200 characters');
  const grantTypes = checkGrantTypes(registration.grantTypes);
  const scopes = [...new Set(registration.scopes)];
  const badScope = scopes.find((s) => !isValidScopeToken(s));
  if (badScope !== undefined)
    throw new ClientMetadataError(`scope ${JSON.stringify(badScope)} is not a valid scope token`);
  const audience =
    registration.audience === undefined ? null : checkResourceUri(registration.audience, 'audience');
  const resources = unique(registration.resources).map((r) => checkResourceUri(r, 'resource'));
  if (registration.public && registration.authMethod !== undefined && registration.authMethod !== 'none') {
    throw new ClientMetadataError(
      `a public client has no credentials to authenticate with ${registration.authMethod}; leave the auth method out`,
      'public_client_auth_method',
    );
  }
  const authMethod = registration.public
    ? 'none'
    : checkAuthMethod(registration.authMethod ?? 'client_secret_basic');
  if (authMethod === 'none' && grantTypes.includes('client_credentials')) {
    throw new ClientMetadataError('a public client cannot use client_credentials');
  }
  // Refresh tokens continue a person's sign-in: one of the grants that signs people in must come with them.
  if (
    grantTypes.includes('refresh_token') &&
    !grantTypes.includes('authorization_code') &&
    !grantTypes.includes(DEVICE_CODE_GRANT_TYPE)
  ) {
    throw new ClientMetadataError(`refresh_token needs authorization_code or ${DEVICE_CODE_GRANT_TYPE}`);
  }
  const signsPeopleIn = grantTypes.includes('authorization_code');
  const redirectUris = unique(registration.redirectUris).map((uri) =>
    checkRedirectUri(uri, 'redirect URI', 'invalid_redirect_uri'),
  );
  if (signsPeopleIn && redirectUris.length === 0) {
    throw new ClientMetadataError('authorization_code clients need at least one redirect URI');
  }
  const postLogoutRedirectUris = unique(registration.postLogoutRedirectUris).map((uri) =>
    checkRedirectUri(uri, 'post-logout redirect URI', 'invalid_client_metadata'),
  );
  const allowedOrigins = [...new Set((registration.allowedOrigins ?? []).map((o) => checkAllowedOrigin(o)))];
  if (!signsPeopleIn && (redirectUris.length > 0 || postLogoutRedirectUris.length > 0)) {
    throw new ClientMetadataError(
      'redirect URIs and post-logout redirect URIs are only for authorization_code clients',
      'redirect_uri_without_sign_in',
    );
  }
  if (!signsPeopleIn && registration.firstParty) {
    throw new ClientMetadataError(
      'first-party only skips the consent screen, which only authorization_code clients show',
      'first_party_without_sign_in',
    );
  }
  const jwks = authMethod === 'private_key_jwt' ? checkPublicJwks(registration.jwks) : null;
  if (authMethod !== 'private_key_jwt' && registration.jwks !== undefined) {
    throw new ClientMetadataError('jwks is only for private_key_jwt clients');
  }
  const idTokenAlg = registration.idTokenSignedResponseAlg;
  if (idTokenAlg !== undefined && idTokenAlg !== REQUIRED_ID_TOKEN_ALG) {
    throw new ClientMetadataError(
      `id_token_signed_response_alg must be ${REQUIRED_ID_TOKEN_ALG} (or unset, for the server's signing algorithm)`,
    );
  }
  if (idTokenAlg !== undefined && !grantTypes.includes('authorization_code')) {
    throw new ClientMetadataError('id_token_signed_response_alg is only for clients that sign people in');
  }
  const organizations = registration.organizations ?? 'optional';
  if (!(ORGANIZATION_POLICIES as readonly string[]).includes(organizations)) {
    throw new ClientMetadataError(`organizations must be one of ${ORGANIZATION_POLICIES.join(', ')}`);
  }
  // People sign in to the device flow too, on the /device page, where they choose the organization as on /authorize.
  if (organizations === 'required' && !signsPeopleIn && !grantTypes.includes(DEVICE_CODE_GRANT_TYPE)) {
    throw new ClientMetadataError('organizations required is only for clients that sign people in');
  }
  if (registration.requireMfa && !signsPeopleIn) {
    throw new ClientMetadataError('require MFA is only for clients that sign people in');
  }
  const ttl = registration.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < MIN_ACCESS_TOKEN_TTL_SECONDS || ttl > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new ClientMetadataError(
      `access token lifetime must be ${MIN_ACCESS_TOKEN_TTL_SECONDS} to ${MAX_ACCESS_TOKEN_TTL_SECONDS} seconds`,
    );
  }

  const clientSecret =
    authMethod === 'private_key_jwt' || authMethod === 'none' ? undefined : generateOpaqueSecret();
  const client: Client = {
    id: generateRandomId(),
    name,
    secretHash: clientSecret === undefined ? null : hashOpaqueSecret(clientSecret),
    authMethod,
    grantTypes,
    scopes,
    audience,
    resources,
    jwks,
    accessTokenTtlSeconds: ttl,
    createdAt: epochSeconds(clock),
    redirectUris,
    postLogoutRedirectUris,
    allowedOrigins,
    firstParty: registration.firstParty ?? false,
    idTokenSignedResponseAlg: idTokenAlg === undefined ? null : REQUIRED_ID_TOKEN_ALG,
    organizations: organizations as OrganizationPolicy,
    requireMfa: registration.requireMfa ?? false,
  };
  await store.create(client);
  return { client, clientSecret };
}

function checkGrantTypes(requested: string[]): GrantType[] {
  if (requested.length === 0) throw new ClientMetadataError('at least one grant type is required');
  for (const grantType of requested) {
    if (!(GRANT_TYPES as readonly string[]).includes(grantType)) {
      throw new ClientMetadataError(
        `grant type ${JSON.stringify(grantType)} is not supported; use ${GRANT_TYPES.join(', ')}`,
      );
    }
  }
  return [...new Set(requested)] as GrantType[];
}

function checkAuthMethod(method: string): ClientAuthMethod {
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(method)) {
    throw new ClientMetadataError(`auth method must be one of ${CLIENT_AUTH_METHODS.join(', ')}`);
  }
  return method as ClientAuthMethod;
}

// RFC 8707 §2: resource indicators are absolute URIs without fragments.
function checkResourceUri(value: string, what: string): string {
  if (!URL.canParse(value) || value.includes('#')) {
    throw new ClientMetadataError(`${what} must be an absolute URI without a fragment`);
  }
  return value;
}

/** The values once each, in the order first given: repeating one changes nothing. */
function unique(values: string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

// RFC 9700 §2.1 and RFC 8252 §7: https, plain http only on loopback, or a private-use scheme for native apps;
// never a fragment, never credentials, and no `*`, which exact matching would take literally.
function checkRedirectUri(value: string, what: string, code: ClientMetadataError['code']): string {
  const refuse = (message: string, rule?: ClientMetadataRule) => new ClientMetadataError(message, rule, code);
  if (value.includes('*')) {
    throw refuse(
      `${what} ${value} holds a *: redirect URIs are matched exactly, without wildcards`,
      'redirect_uri_wildcard',
    );
  }
  if (!URL.canParse(value)) throw refuse(`${what} must be an absolute URI`);
  const url = new URL(value);
  if (value.includes('#') || url.username || url.password) {
    throw refuse(`${what} must have no fragment and no credentials`);
  }
  const scheme = url.protocol.slice(0, -1);
  const allowed =
    scheme === 'https' ||
    (scheme === 'http' && isLoopbackHost(url.hostname)) ||
    (scheme.includes('.') && scheme !== 'http');
  if (!allowed) {
    throw refuse(
      `${what} must use https (http only on loopback) or a private-use scheme like com.example.app`,
    );
  }
  return value;
}

/**
 * An allowed origin is what a browser sends as `Origin` (RFC 6454 §6.1, Fetch §3.2): scheme://host[:port] and nothing
 * more; https, or http only on loopback (as for redirect URIs). No wildcards: each origin is listed, since a pattern
 * would let any matching subdomain, however it is hosted, read tokens. Returns the origin as browsers serialize it
 * (lower-case host, no default port).
 */
export function checkAllowedOrigin(value: string, name = 'allowed origin'): string {
  const what = `${name} ${JSON.stringify(value)}`;
  if (value.includes('*'))
    throw new ClientMetadataError(`${what}: wildcards are not allowed; list each origin`);
  // Everything after "scheme://" is the authority: no path (not even "/"), query or fragment may follow it.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@\\]+$/.test(value) || !URL.canParse(value)) {
    throw new ClientMetadataError(
      `${what} must be an origin only: scheme://host[:port], without a path, query, fragment or credentials`,
    );
  }
  const url = new URL(value);
  if (!isHttpsOrLoopbackHttp(url)) {
    throw new ClientMetadataError(`${what} must use https (http only on localhost, 127.0.0.1 or [::1])`);
  }
  return url.origin;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

function checkPublicJwks(value: unknown): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ClientMetadataError(
      'private_key_jwt clients need jwks: a JSON Web Key Set with at least one public key',
    );
  }
  for (const key of keys) {
    if (
      typeof key !== 'object' ||
      key === null ||
      !['RSA', 'EC', 'OKP'].includes((key as { kty?: string }).kty ?? '')
    ) {
      throw new ClientMetadataError('jwks keys must be RSA, EC or OKP public keys');
    }
    if (PRIVATE_MEMBERS.some((m) => m in key))
      throw new ClientMetadataError('jwks must hold public keys only');
  }
  return { keys } as JSONWebKeySet;
}
