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
}

export interface Database {
  clients: ClientsTable;
  signing_keys: SigningKeysTable;
  revoked_tokens: RevokedTokensTable;
  client_assertions: ClientAssertionsTable;
  users: UsersTable;
}

export type TesseraDb = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
