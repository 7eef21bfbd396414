// The store contract for revoked access tokens, remembered by `jti` until the token would have expired.
import type { Purgeable } from '../purgeable.js';

export interface RevokedTokenStore extends Purgeable {
  /** Idempotent. */
  revoke(jti: string, expiresAt: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  /** Forgets revocations of tokens that have expired anyway; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
