// What the UserInfo endpoint answers for a bearer access token (OIDC Core §5.3): the claims its scopes release about
// its user while the token and the account still count, and the client the token was issued to (for CORS).
import { isActiveAccount } from '../accounts/live-account.js';
import type { UserStore } from '../accounts/user.js';
import { type LiveAccessTokenDependencies, readLiveAccessToken } from '../tokens/read-live-access-token.js';
import type { Client, ClientStore } from './clients/client.js';
import { claimsForScopes } from './user-claims.js';

export interface UserinfoDependencies extends LiveAccessTokenDependencies {
  clients: Pick<ClientStore, 'findById'>;
  users: Pick<UserStore, 'findById'>;
}

/**
 * `invalid_token`: not a live access token of Tessera's. Otherwise `client` is the one the token was issued to (RFC
 * 9068 §2.2: every access token names it in client_id; undefined if it is gone), and the answer is the claims,
 * `insufficient_scope` without `openid`, or `inactive_user` when the account is gone or disabled.
 */
export type Userinfo =
  | { outcome: 'invalid_token' }
  | { outcome: 'claims'; client: Client | undefined; claims: Record<string, unknown> }
  | { outcome: 'insufficient_scope'; client: Client | undefined }
  | { outcome: 'inactive_user'; client: Client | undefined };

export async function readUserinfo(deps: UserinfoDependencies, accessToken: string): Promise<Userinfo> {
  const token = await readLiveAccessToken(deps, accessToken);
  if (!token) return { outcome: 'invalid_token' };
  const { client_id: clientId, sub } = token.claims;
  const client = clientId === undefined ? undefined : await deps.clients.findById(clientId);
  const scopes = (token.claims.scope ?? '').split(' ');
  if (!scopes.includes('openid')) return { outcome: 'insufficient_scope', client };
  const user = sub ? await deps.users.findById(sub) : undefined;
  if (!isActiveAccount(user)) return { outcome: 'inactive_user', client };
  return { outcome: 'claims', client, claims: claimsForScopes(user, scopes) };
}
