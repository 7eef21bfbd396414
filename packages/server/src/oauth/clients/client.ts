// What Tessera knows about an OAuth client, and the store contract for clients.
import type { JSONWebKeySet } from 'jose';

/** RFC 7591 §2 token_endpoint_auth_method values Tessera implements. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
];

export type GrantType = 'client_credentials';
export const GRANT_TYPES: readonly GrantType[] = ['client_credentials'];

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
}

/** Clients by id. Implementations: store/sql-client-store.ts. */
export interface ClientStore {
  /** Throws if a client with this id already exists. */
  create(client: Client): Promise<void>;
  findById(id: string): Promise<Client | undefined>;
  list(): Promise<Client[]>;
  /** Returns false when there was no such client. */
  delete(id: string): Promise<boolean>;
}
