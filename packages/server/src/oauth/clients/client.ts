// What Tessera knows about an OAuth client, and the store contract for clients.
import type { JSONWebKeySet } from 'jose';

/** RFC 7591 §2 token_endpoint_auth_method values Tessera implements; `none` marks a public client. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
];

/** RFC 8628 §3.4: the device authorization grant's grant_type. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export type GrantType =
  | 'client_credentials'
  | 'authorization_code'
  | 'refresh_token'
  | typeof DEVICE_CODE_GRANT_TYPE;
export const GRANT_TYPES: readonly GrantType[] = [
  'client_credentials',
  'authorization_code',
  'refresh_token',
  DEVICE_CODE_GRANT_TYPE,
];

export interface Client {
  id: string;
  name: string;
  /** Hash of the client secret; null for private_key_jwt clients. */
  secretHash: string | null;
  /** Secret clients may use client_secret_basic or client_secret_post; private_key_jwt clients only that. */
  authMethod: ClientAuthMethod;
  grantTypes: GrantType[];
  scopes: string[];
  /** Audience of access tokens when no `resource` is asked for. */
  audience: string | null;
  /** RFC 8707 resource indicators this client may ask tokens for. */
  resources: string[];
  jwks: JSONWebKeySet | null;
  accessTokenTtlSeconds: number;
  createdAt: number;
  /** Exact redirect URIs (RFC 9700 §4.1.1: compared by simple string comparison). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /**
   * Web origins (`https://app.example.com`) allowed to call the token, userinfo, revocation and introspection
   * endpoints from a browser, besides those of the redirect URIs (see web-origins.ts).
   */
  allowedOrigins: string[];
  /** First-party clients skip the consent screen. */
  firstParty: boolean;
  /**
   * OIDC Registration `id_token_signed_response_alg`: RS256, which every OpenID Provider must offer, or null for the
   * server's signing algorithm (the one access tokens use).
   */
  idTokenSignedResponseAlg: 'RS256' | null;
  /**
   * `required`: a person in several organizations who signs in without naming one (the `organization` parameter)
   * picks one; `optional`: tokens without an organization carry the global roles.
   */
  organizations: OrganizationPolicy;
  /**
   * Every sign-in for this client needs a second factor (`urn:tessera:acr:mfa` or stronger), whatever it asks for: a
   * person without one sets TOTP up first (authentication-context.ts).
   */
  requireMfa: boolean;
}

export type OrganizationPolicy = 'optional' | 'required';
export const ORGANIZATION_POLICIES: readonly OrganizationPolicy[] = ['optional', 'required'];

/** Clients by id. Implementations: store/sql-client-store.ts. */
export interface ClientStore {
  /** Throws if a client with this id already exists. */
  create(client: Client): Promise<void>;
  findById(id: string): Promise<Client | undefined>;
  list(): Promise<Client[]>;
  /** Returns false when there was no such client. */
  delete(id: string): Promise<boolean>;
  /**
   * Whether any client allows `origin` (one of its web-origins.ts `webOriginsOf`). A CORS preflight names no client,
   * so this is what it asks; an indexed lookup, never a scan of the clients, since anyone can send preflights.
   */
  anyClientAllowsOrigin(origin: string): Promise<boolean>;
}
