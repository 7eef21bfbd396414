// The signing key ring: which key signs, which keys the JWKS publishes, and rotation.
//
// Like Auth0's, the ring always holds a `next` key that is published before it signs anything. Rotation promotes
// `next` to `current`, retires the old current key and creates a new `next`. A retired key stays published until
// every token it could have signed has expired.
import type { JWK } from 'jose';
import type { Logger } from 'pino';
import { type Clock, epochSeconds } from '../clock.js';
import type { SigningAlgorithm } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { generateSigningKey, type SigningKey, unsealSigningKey } from './signing-key.js';
import type { SigningKeyStore, StoredSigningKey } from './signing-key-store.js';

export interface KeyRingOptions {
  store: SigningKeyStore;
  box: SecretBox;
  clock: Clock;
  alg: SigningAlgorithm;
  rotationIntervalSeconds: number;
  /** How long after retirement a key stays published: the longest token lifetime plus propagation slack. */
  retiredKeyRetentionSeconds: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface KeyInfo {
  kid: string;
  alg: string;
  status: StoredSigningKey['status'];
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
  published: boolean;
}

export class KeyRing {
  readonly #options: KeyRingOptions;
  readonly #unsealed = new Map<string, SigningKey>();
  #stored: StoredSigningKey[] = [];
  #current: SigningKey | undefined;
  #jwks: { keys: JWK[] } = { keys: [] };

  private constructor(options: KeyRingOptions) {
    this.#options = options;
  }

  /** Loads the ring, creating the first keys, or switching algorithm, when needed. */
  static async open(options: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(options);
    await ring.#ensureInitialized();
    await ring.refresh();
    // Switching algorithm takes two rotations: the old `next` key has the old algorithm too.
    for (let attempt = 0; attempt < 2 && ring.signingKey().alg !== options.alg; attempt++) {
      options.logger?.warn(
        { from: ring.signingKey().alg, to: options.alg },
        'signing algorithm changed; rotating keys',
      );
      await ring.rotate();
    }
    return ring;
  }

  /** The key that signs new tokens. */
  signingKey(): SigningKey {
    if (!this.#current) throw new Error('the key ring has no current key');
    return this.#current;
  }

  /** The published key set (RFC 7517 §5). */
  jwks(): { keys: JWK[] } {
    return this.#jwks;
  }

  /** A published key by kid, to verify Tessera's own tokens. */
  verificationKey(kid: string): SigningKey | undefined {
    return this.#jwks.keys.some((k) => k.kid === kid) ? this.#unsealed.get(kid) : undefined;
  }

  describe(): KeyInfo[] {
    return this.#stored.map((k) => ({
      kid: k.kid,
      alg: k.alg,
      status: k.status,
      createdAt: k.createdAt,
      activatedAt: k.activatedAt,
      retiredAt: k.retiredAt,
      published: this.#isPublished(k),
    }));
  }

  /** Re-reads the keys, so rotations made by another process or instance take effect here. */
  async refresh(): Promise<void> {
    const stored = await this.#options.store.list();
    for (const key of stored) {
      if (!this.#unsealed.has(key.kid))
        this.#unsealed.set(key.kid, await unsealSigningKey(key, this.#options.box));
    }
    const liveKids = new Set(stored.map((k) => k.kid));
    for (const kid of this.#unsealed.keys()) if (!liveKids.has(kid)) this.#unsealed.delete(kid);

    const current = stored.find((k) => k.status === 'current');
    if (!current) throw new Error('no current signing key in the store');
    this.#stored = stored;
    this.#current = this.#unsealed.get(current.kid);
    const order = { current: 0, next: 1, retired: 2 } as const;
    const published = stored
      .filter((k) => this.#isPublished(k))
      .sort((a, b) => order[a.status] - order[b.status]);
    this.#jwks = { keys: published.map((k) => k.publicJwk as JWK) };
  }

  /** Promotes the next key now. Safe to race: if another process rotated first, this one just reloads. */
  async rotate(): Promise<void> {
    const now = epochSeconds(this.#options.clock);
    const { stored } = await generateSigningKey(this.#options.alg, 'next', this.#options.box, now);
    const rotated = await this.#options.store.rotate(this.signingKey().kid, stored, now);
    if (rotated) this.#options.logger?.info({ retired: this.signingKey().kid }, 'signing key rotated');
    await this.refresh();
  }

  /** Periodic upkeep: automatic rotation when due, removal of keys no token can need, and a reload. */
  async maintain(): Promise<void> {
    const now = epochSeconds(this.#options.clock);
    const current = this.#stored.find((k) => k.status === 'current');
    const activatedAt = current?.activatedAt ?? current?.createdAt ?? now;
    if (now - activatedAt >= this.#options.rotationIntervalSeconds) await this.rotate();
    await this.#options.store.deleteRetiredBefore(now - this.#options.retiredKeyRetentionSeconds);
    await this.refresh();
  }

  #isPublished(key: StoredSigningKey): boolean {
    if (key.status !== 'retired') return true;
    const now = epochSeconds(this.#options.clock);
    return key.retiredAt !== null && key.retiredAt + this.#options.retiredKeyRetentionSeconds > now;
  }

  async #ensureInitialized(): Promise<void> {
    const existing = await this.#options.store.list();
    if (existing.some((k) => k.status === 'current')) return;
    const now = epochSeconds(this.#options.clock);
    const { box, alg, store } = this.#options;
    const current = await generateSigningKey(alg, 'current', box, now);
    const next = await generateSigningKey(alg, 'next', box, now);
    // Another process may initialize at the same moment; then its keys win and ours are dropped.
    if (await store.initialize(current.stored, next.stored))
      this.#options.logger?.info('generated first signing keys');
  }
}
