// The FGA API's permissions: the scopes an access token or API token carries, and how API tokens are marked.

/** fga:read: check, batch-check, expand, list-*, read, read changes; fga:write: write; fga:admin: stores, models, assertions. */
export const FGA_SCOPES = ['fga:read', 'fga:write', 'fga:admin'] as const;
export type FgaScope = (typeof FGA_SCOPES)[number];

/** Marks an API token, so it is told from an access token without trying to parse it. */
export const API_TOKEN_PREFIX = 'tfga_';
