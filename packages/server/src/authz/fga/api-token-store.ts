// The storage contract for the FGA API's pre-shared tokens: kept only as a hash of the token, found by that hash.

export interface FgaApiToken {
  readonly id: string;
  readonly name: string;
  /** hashOpaqueSecret(token): the token itself is shown once, when created, and never stored. */
  readonly tokenHash: string;
  readonly scopes: readonly string[];
  /** Epoch seconds. */
  readonly createdAt: number;
}

export interface FgaApiTokenStore {
  create(token: FgaApiToken): Promise<void>;
  findByHash(tokenHash: string): Promise<FgaApiToken | undefined>;
  list(): Promise<readonly FgaApiToken[]>;
  /** False when there was no such token. */
  delete(id: string): Promise<boolean>;
}
