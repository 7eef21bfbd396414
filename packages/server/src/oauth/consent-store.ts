// The store contract that remembers which scopes a user granted to a client.
export interface ConsentStore {
  /** The scopes the user has granted the client, or an empty list. */
  grantedScopes(userId: string, clientId: string): Promise<string[]>;
  /** Adds to what was granted before. */
  grant(userId: string, clientId: string, scopes: string[], now: number): Promise<void>;
}
