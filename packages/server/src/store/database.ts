// The SQL schema as Kysely types: one interface per table, timestamps in epoch seconds.
import type { Kysely } from 'kysely';

export interface ClientsTable {
  id: string;
  name: string;
  secret_hash: string | null;
  auth_method: string;
  /** JSON array of grant types. */
  grant_types: string;
  /** Space-separated scopes the client may request. */
  scope: string;
  audience: string | null;
  /** JSON array of RFC 8707 resource indicators the client may ask for. */
  resources: string;
  /** JSON Web Key Set for private_key_jwt clients. */
  jwks: string | null;
  access_token_ttl: number;
  created_at: number;
  /** JSON arrays of exact URIs. */
  redirect_uris: string;
  post_logout_redirect_uris: string;
  /** 0 or 1: first-party clients skip the consent screen. */
  first_party: number;
  id_token_signed_response_alg: string | null;
  /** JSON array of web origins allowed for CORS besides those of the redirect URIs. */
  allowed_origins: string;
  /** `optional` or `required`: whether a person in several organizations must pick one. */
  organizations: string;
  /** 0 or 1: every sign-in for this client needs a second factor. */
  require_mfa: number;
}

/** Every web origin each client allows (its redirect URIs' and its allowed ones), for CORS preflights by origin. */
export interface ClientWebOriginsTable {
  origin: string;
  client_id: string;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  status: 'next' | 'current' | 'retired';
  public_jwk: string;
  /** Private key as a JWE sealed with the master key. */
  private_key: string;
  created_at: number;
  activated_at: number | null;
  retired_at: number | null;
}

/** One row (id 1): the algorithm that signs, and during a switch the one that signs until `effective_at`. */
export interface SigningSettingsTable {
  id: number;
  alg: string;
  previous_alg: string | null;
  effective_at: number;
}

export interface RevokedTokensTable {
  jti: string;
  expires_at: number;
}

export interface ClientAssertionsTable {
  client_id: string;
  jti: string;
  expires_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  /** Lower-cased email: the unique key. */
  email_normalized: string;
  /** 0 or 1. */
  email_verified: number;
  password_hash: string | null;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  picture: string | null;
  locale: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
  /** When a claim about the person (profile, email_verified) last changed: OIDC's updated_at. */
  profile_updated_at: number;
  /** Raised by every password change and by disabling: sessions of an older version are over. */
  credentials_version: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield usable sessions. */
  id_hash: string;
  /** Public session id, for the ID token's sid claim and logout. */
  sid: string;
  user_id: string;
  auth_time: number;
  /** JSON array of RFC 8176 authentication method references. */
  amr: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of the session. */
  expires_at: number;
  /** The user's credentials_version when the password was checked. */
  credentials_version: number;
  /** When a second factor was last used in this session (at sign-in or a step-up); null for none. */
  second_factor_at: number | null;
  /** The browser's User-Agent header and network address at sign-in, for the account page's list of sessions. */
  user_agent: string | null;
  ip_address: string | null;
}

export interface ConsentsTable {
  user_id: string;
  client_id: string;
  scope: string;
  granted_at: number;
}

export interface ConsentOrganizationsTable {
  user_id: string;
  client_id: string;
  organization_id: string;
  granted_at: number;
}

export interface GrantsTable {
  id: string;
  user_id: string;
  client_id: string;
  sid: string | null;
  created_at: number;
  revoked_at: number | null;
  /** The authentication level and sign-in time of the code that opened the grant (null before 017). */
  acr: string | null;
  auth_time: number | null;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  grant_id: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  nonce: string | null;
  code_challenge: string;
  auth_time: number;
  amr: string;
  sid: string;
  expires_at: number;
  consumed_at: number | null;
  /** The organization the tokens are for; null for none (global roles). */
  organization_id: string | null;
  /** The authentication level (acr) the sign-in met for this request; null before 017. */
  acr: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  grant_id: string;
  client_id: string;
  scope: string;
  created_at: number;
  expires_at: number;
  rotated_at: number | null;
  /** The organization the tokens are for; null for none (global roles). */
  organization_id: string | null;
}

export interface GrantAccessTokensTable {
  jti: string;
  grant_id: string;
  expires_at: number;
  /** The organization the token is for; null for none (global roles). */
  organization_id: string | null;
}

export interface LoginFailuresTable {
  key: string;
  failures: number;
  last_failed_at: number;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  send_window: number;
  send_slot: number;
  /** The user's credentials_version when the link was sent; the link works only while it is still current. */
  credentials_version: number;
  /** The pending authorization request to go back to afterwards (a path into /oauth2/authorize), or null. */
  return_to: string | null;
}

export interface SignupLinksTable {
  token_hash: string;
  email: string;
  name: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  send_window: number;
  send_slot: number;
  /** The pending authorization request to go back to afterwards (a path into /oauth2/authorize), or null. */
  return_to: string | null;
}

/** One TOTP factor per account (accounts/mfa/totp-factor-store.ts). */
export interface TotpFactorsTable {
  user_id: string;
  /** The base32 secret as a JWE sealed with the master key. */
  sealed_secret: string;
  created_at: number;
  /** Null until a correct code finished enrolment. */
  confirmed_at: number | null;
  /** The last time step whose code was accepted: no code of it or an earlier step is accepted again. */
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  /** SHA-256 of the normalized code (accounts/mfa/recovery-codes.ts). */
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** Passkeys (accounts/mfa/passkey-store.ts): public material only. */
export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  name: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports. */
  transports: string;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: number;
  created_at: number;
  last_used_at: number | null;
}

/** Challenges of passkey ceremonies under way, by SHA-256; each taken once. */
export interface PasskeyChallengesTable {
  challenge_hash: string;
  ceremony: 'register' | 'sign_in' | 'second_factor';
  user_id: string | null;
  binding: string;
  expires_at: number;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface RolesTable {
  id: string;
  /** Null for the catalogue shared by every organization, which also holds the global roles. */
  organization_id: string | null;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

export interface RolePermissionsTable {
  role_id: string;
  permission: string;
}

/** One row per role a member holds in an organization; a holder with no row is not a member. */
export interface OrganizationMembersTable {
  organization_id: string;
  holder_type: 'user' | 'client';
  holder_id: string;
  role_id: string;
  created_at: number;
}

/** An invitation to join an organization (authz/rbac/invitation-store.ts). */
export interface OrganizationInvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  /** JSON arrays of the roles' names and ids. */
  roles: string;
  role_ids: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
}

export interface GlobalRoleHoldersTable {
  holder_type: 'user' | 'client';
  holder_id: string;
  role_id: string;
  created_at: number;
}

/** An OpenFGA store. Times of the fga_ tables are epoch milliseconds (the API shows them as RFC 3339). */
export interface FgaStoresTable {
  id: string;
  name: string;
  /** The revision of the store's latest write (0 before any). */
  revision: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface FgaAuthorizationModelsTable {
  store_id: string;
  id: string;
  schema_version: string;
  /** JSON {type_definitions, conditions}. */
  model: string;
  created_at: number;
}

export interface FgaTuplesTable {
  store_id: string;
  object_type: string;
  object_id: string;
  relation: string;
  user_type: string;
  /** `*` for a public wildcard. */
  user_id: string;
  /** The relation of a userset user, '' otherwise. */
  user_relation: string;
  condition_name: string | null;
  /** JSON object. */
  condition_context: string | null;
  revision: number;
  ordinal: number;
  written_at: number;
}

export interface FgaChangesTable {
  store_id: string;
  revision: number;
  ordinal: number;
  operation: 'write' | 'delete';
  object_type: string;
  object: string;
  relation: string;
  user: string;
  condition_name: string | null;
  condition_context: string | null;
  written_at: number;
}

export interface FgaAssertionsTable {
  store_id: string;
  model_id: string;
  /** JSON array. */
  assertions: string;
}

export interface FgaApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  /** Space-separated scopes. */
  scope: string;
  /** Epoch seconds. */
  created_at: number;
}

/** RFC 8628 device authorizations (oauth/device/); the approval columns are set once the person approves. */
export interface DeviceAuthorizationsTable {
  device_code_hash: string;
  user_code_hash: string;
  client_id: string;
  /** Space-separated scopes asked for. */
  scope: string;
  organization: string | null;
  created_at: number;
  requested_from: string;
  expires_at: number;
  poll_interval: number;
  last_polled_at: number | null;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  user_id: string | null;
  sid: string | null;
  auth_time: number | null;
  /** JSON array of RFC 8176 methods. */
  amr: string | null;
  organization_id: string | null;
}

export interface Database {
  clients: ClientsTable;
  client_web_origins: ClientWebOriginsTable;
  signing_keys: SigningKeysTable;
  signing_settings: SigningSettingsTable;
  revoked_tokens: RevokedTokensTable;
  client_assertions: ClientAssertionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  consents: ConsentsTable;
  consent_organizations: ConsentOrganizationsTable;
  grants: GrantsTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  grant_access_tokens: GrantAccessTokensTable;
  login_failures: LoginFailuresTable;
  password_resets: PasswordResetsTable;
  signup_links: SignupLinksTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
  organizations: OrganizationsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  organization_members: OrganizationMembersTable;
  global_role_holders: GlobalRoleHoldersTable;
  organization_invitations: OrganizationInvitationsTable;
  fga_stores: FgaStoresTable;
  fga_authorization_models: FgaAuthorizationModelsTable;
  fga_tuples: FgaTuplesTable;
  fga_changes: FgaChangesTable;
  fga_assertions: FgaAssertionsTable;
  fga_api_tokens: FgaApiTokensTable;
  device_authorizations: DeviceAuthorizationsTable;
}

export type TesseraDb = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
