// The store contract that makes each private_key_jwt assertion usable once (RFC 7523 §3, item 7).
import type { Purgeable } from '../../purgeable.js';

export interface AssertionReplayStore extends Purgeable {
  /** Records the assertion's `jti`; returns false when it was already recorded (a replay). Atomic across instances. */
  remember(clientId: string, jti: string, expiresAt: number): Promise<boolean>;
  purgeExpired(now: number): Promise<number>;
}
