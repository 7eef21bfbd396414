// The signing key ring: which key signs, which keys the JWKS publishes, rotation and switches of algorithm.
//
// Like Auth0's, the ring always holds a `next` key that is published before it signs anything; it does so for each
// algorithm it keeps. Rotation promotes `next` to `current`, retires the old current key and creates a new `next`. A
// retired key stays published until every token it could have signed has expired.
//
// The signing algorithm is a setting in the database, so every process (servers and the CLI) agrees on it. RS256 keys
// are always kept, because OpenID Connect Discovery 1.0 §3 requires RS256 for ID tokens whatever else signs. A switch
// of algorithm publishes the new algorithm's keys first and lets them sign only once verifiers' cached key sets have
// had time to refresh (RFC 7517 key rollover); until then the old algorithm signs.

import type { JWK } from 'jose';
import type { Logger } from 'pino';
import { type Clock, epochSeconds } from '../clock.js';
import type { SigningAlgorithm } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { TesseraError } from '../tessera-error.js';
import {
  type GenerateKeyPair,
  generateSigningKey,
  type SigningKey,
  unsealSigningKey,
} from './signing-key.js';
import type { SigningKeyStore, SigningSettings, StoredSigningKey } from './signing-key-store.js';

/** The algorithm every OpenID Provider must be able to sign ID tokens with (OIDC Discovery 1.0 §3). */
export const REQUIRED_ID_TOKEN_ALG: 'RS256' & SigningAlgorithm = 'RS256';
/** The signing algorithm of a new key ring when none is configured. */
export const DEFAULT_SIGNING_ALG: SigningAlgorithm = 'RS256';

export interface KeyRingOptions {
  store: SigningKeyStore;
  box: SecretBox;
  clock: Clock;
  rotationIntervalSeconds: number;
  /** How long after retirement a key stays published: the longest token lifetime plus propagation slack. */
  retiredKeyRetentionSeconds: number;
  /** How long a new algorithm's keys are published before they sign: verifiers' JWKS cache lifetime plus slack. */
  publicationDelaySeconds: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Where new key pairs come from; by default freshly generated (signing-key.ts). */
  generateKeyPair?: GenerateKeyPair;
}

export interface KeyInfo {
  kid: string;
  alg: string;
  status: StoredSigningKey['status'];
  /** Whether this key signs new access tokens now. */
  signing: boolean;
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
  published: boolean;
}

/** The algorithm that signs now and, during a switch, the one that signs from `switchAt`. */
export interface SigningAlgorithmState {
  signing: SigningAlgorithm;
  switchingTo: SigningAlgorithm | null;
  switchAt: number | null;
}

/** No signing keys exist yet in this database: `tessera serve` creates them. */
export class NoSigningKeysError extends TesseraError {
  readonly code = 'no_signing_keys';
  constructor() {
    super('this database has no signing keys yet: `tessera serve` creates them on first start');
    this.name = 'NoSigningKeysError';
  }
}

export class KeyRing {
  readonly #options: KeyRingOptions;
  readonly #unsealed = new Map<string, SigningKey>();
  #stored: StoredSigningKey[] = [];
  #settings: SigningSettings = { alg: DEFAULT_SIGNING_ALG, previousAlg: null, effectiveAt: 0 };
  #current = new Map<SigningAlgorithm, SigningKey>();
  #jwks: { keys: JWK[] } = { keys: [] };

  private constructor(options: KeyRingOptions) {
    this.#options = options;
  }

  /** Loads the ring as it is; never changes a key. Throws NoSigningKeysError when there are none yet. */
  static async load(options: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(options);
    await ring.refresh();
    return ring;
  }

  /**
   * What `serve` does before it listens: creates the first keys (with `initialAlg`, else RS256) when there are none,
   * and adds the keys of a kept algorithm that has none. A switch to a configured algorithm is `switchAlgorithm`.
   */
  static async open(options: KeyRingOptions, initialAlg: SigningAlgorithm | undefined): Promise<KeyRing> {
    const ring = new KeyRing(options);
    if (!(await options.store.settings())) await ring.#initialize(initialAlg ?? DEFAULT_SIGNING_ALG);
    await ring.refresh();
    await ring.#addMissingKeys();
    return ring;
  }

  /** The key that signs new access tokens. */
  signingKey(): SigningKey {
    // On every token request: no allocation, one clock read only during a switch.
    const { alg, previousAlg, effectiveAt } = this.#settings;
    const switching = previousAlg !== null && epochSeconds(this.#options.clock) < effectiveAt;
    return this.#currentKey(switching ? previousAlg : alg);
  }

  /** The key for a client's ID tokens: RS256 when it asked for it (OIDC Registration `id_token_signed_response_alg`). */
  idTokenKey(requestedAlg: SigningAlgorithm | null): SigningKey {
    return requestedAlg === null ? this.signingKey() : this.#currentKey(requestedAlg);
  }

  /** The algorithms ID tokens may be signed with, the one that signs now first (discovery). */
  idTokenAlgorithms(): SigningAlgorithm[] {
    return [...new Set([this.algorithms().signing, ...keptAlgorithms(this.#settings)])];
  }

  algorithms(): SigningAlgorithmState {
    const { alg, previousAlg, effectiveAt } = this.#settings;
    const switching = previousAlg !== null && epochSeconds(this.#options.clock) < effectiveAt;
    return switching
      ? { signing: previousAlg, switchingTo: alg, switchAt: effectiveAt }
      : { signing: alg, switchingTo: null, switchAt: null };
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
    const signingKid = this.signingKey().kid;
    return this.#stored.map((k) => ({
      kid: k.kid,
      alg: k.alg,
      status: k.status,
      signing: k.kid === signingKid,
      createdAt: k.createdAt,
      activatedAt: k.activatedAt,
      retiredAt: k.retiredAt,
      published: this.#isPublished(k),
    }));
  }

  /** Re-reads keys and settings, so rotations and switches made by another process or instance take effect here. */
  async refresh(): Promise<void> {
    const { settings, stored } = await this.#readConsistently();
    for (const key of stored) {
      if (!this.#unsealed.has(key.kid))
        this.#unsealed.set(key.kid, await unsealSigningKey(key, this.#options.box));
    }
    const liveKids = new Set(stored.map((k) => k.kid));
    for (const kid of this.#unsealed.keys()) if (!liveKids.has(kid)) this.#unsealed.delete(kid);

    const current = new Map<SigningAlgorithm, SigningKey>();
    for (const key of stored) {
      const unsealed = this.#unsealed.get(key.kid);
      if (key.status === 'current' && unsealed) current.set(unsealed.alg, unsealed);
    }
    this.#settings = settings;
    this.#stored = stored;
    this.#current = current;
    const signingAlg = this.algorithms().signing;
    const rank = (k: StoredSigningKey) =>
      (k.alg === signingAlg ? 0 : 3) + { current: 0, next: 1, retired: 2 }[k.status];
    const published = stored.filter((k) => this.#isPublished(k)).sort((a, b) => rank(a) - rank(b));
    this.#jwks = { keys: published.map((k) => k.publicJwk as JWK) };
  }

  /**
   * Rotates every kept algorithm now, but one being switched to: its keys sign only once published long enough, and
   * rotating them would promote a younger key. Safe to race: if another process rotated first, this one reloads.
   */
  async rotate(): Promise<void> {
    const { switchingTo } = this.algorithms();
    for (const alg of keptAlgorithms(this.#settings))
      if (alg !== switchingTo) await this.#rotateAlgorithm(alg);
    await this.refresh();
  }

  /**
   * Switches to another signing algorithm by rollover: its keys are published now and sign after the publication
   * delay; until then the algorithm in use signs. Switching to the algorithm already set changes nothing.
   */
  async switchAlgorithm(alg: SigningAlgorithm): Promise<void> {
    const expected = this.#settings;
    if (expected.alg === alg) return;
    const now = epochSeconds(this.#options.clock);
    const signingNow = this.algorithms().signing;
    // The algorithm that still signs takes over at once (a switch called off), and so do keys published long enough
    // ago (RS256, always kept); new keys wait for the publication delay.
    const existing = this.#stored.find((k) => k.alg === alg && k.status === 'current');
    const publishedSince = alg === signingNow ? 0 : (existing?.createdAt ?? now);
    const effectiveAt = Math.max(now, publishedSince + this.#options.publicationDelaySeconds);
    const settings: SigningSettings =
      effectiveAt === now
        ? { alg, previousAlg: null, effectiveAt: now }
        : { alg, previousAlg: signingNow, effectiveAt };
    const kept = new Set(keptAlgorithms(settings));
    const addKeys = existing ? [] : await this.#newKeyPair(alg, now);
    const retireAlgs = [...this.#current.keys()].filter((a) => !kept.has(a));
    if (await this.#options.store.updateSettings(expected, settings, { addKeys, retireAlgs, now })) {
      this.#options.logger?.warn(
        { from: signingNow, to: alg, signsFrom: effectiveAt },
        'signing algorithm switched: keys of the new algorithm sign once they have been published long enough',
      );
    }
    await this.refresh();
  }

  /**
   * Periodic upkeep: completes a switch of algorithm that is due, rotates each algorithm whose interval has passed,
   * removes keys no token can need, and reloads.
   */
  async maintain(): Promise<void> {
    const now = epochSeconds(this.#options.clock);
    const settings = this.#settings;
    if (settings.previousAlg !== null && now >= settings.effectiveAt) {
      const completed: SigningSettings = { ...settings, previousAlg: null };
      const kept = new Set(keptAlgorithms(completed));
      const retireAlgs = kept.has(settings.previousAlg) ? [] : [settings.previousAlg];
      await this.#options.store.updateSettings(settings, completed, { addKeys: [], retireAlgs, now });
      await this.refresh();
    }
    for (const alg of keptAlgorithms(this.#settings)) {
      const current = this.#stored.find((k) => k.alg === alg && k.status === 'current');
      const activatedAt = current?.activatedAt ?? current?.createdAt ?? now;
      if (now - activatedAt >= this.#options.rotationIntervalSeconds) await this.#rotateAlgorithm(alg);
    }
    await this.#options.store.deleteRetiredBefore(now - this.#options.retiredKeyRetentionSeconds);
    await this.refresh();
  }

  /**
   * Settings and keys as of one moment: every change of settings, and the keys that go with it, is one transaction,
   * so a list read between two equal reads of the settings belongs to them (rotations keep one current per algorithm).
   */
  async #readConsistently(): Promise<{ settings: SigningSettings; stored: StoredSigningKey[] }> {
    const { store } = this.#options;
    let settings = await store.settings();
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!settings) throw new NoSigningKeysError();
      const stored = await store.list();
      const again = await store.settings();
      if (again && sameSettings(settings, again)) return { settings, stored };
      settings = again;
    }
    throw new Error('signing settings kept changing while the keys were read; try again');
  }

  #currentKey(alg: SigningAlgorithm): SigningKey {
    const key = this.#current.get(alg);
    if (!key) throw new Error(`the key ring has no current ${alg} key`);
    return key;
  }

  async #rotateAlgorithm(alg: SigningAlgorithm): Promise<void> {
    const current = this.#current.get(alg);
    if (!current) return;
    const now = epochSeconds(this.#options.clock);
    const { box, generateKeyPair } = this.#options;
    const { stored } = await generateSigningKey(alg, 'next', box, now, generateKeyPair);
    if (await this.#options.store.rotate(current.kid, stored, now))
      this.#options.logger?.info({ alg, retired: current.kid }, 'signing key rotated');
  }

  #isPublished(key: StoredSigningKey): boolean {
    if (key.status !== 'retired') return true;
    const now = epochSeconds(this.#options.clock);
    return key.retiredAt !== null && key.retiredAt + this.#options.retiredKeyRetentionSeconds > now;
  }

  async #newKeyPair(alg: SigningAlgorithm, now: number): Promise<StoredSigningKey[]> {
    const { box, generateKeyPair } = this.#options;
    const current = await generateSigningKey(alg, 'current', box, now, generateKeyPair);
    const next = await generateSigningKey(alg, 'next', box, now, generateKeyPair);
    return [current.stored, next.stored];
  }

  async #initialize(alg: SigningAlgorithm): Promise<void> {
    const now = epochSeconds(this.#options.clock);
    const settings: SigningSettings = { alg, previousAlg: null, effectiveAt: now };
    const keys: StoredSigningKey[] = [];
    for (const kept of keptAlgorithms(settings)) keys.push(...(await this.#newKeyPair(kept, now)));
    // Another process may initialize at the same moment; then its keys win and ours are dropped.
    if (await this.#options.store.initialize(settings, keys))
      this.#options.logger?.info({ alg }, 'generated first signing keys');
  }

  /** A database from before RS256 was always kept (or one whose keys were removed by hand) gets its keys back. */
  async #addMissingKeys(): Promise<void> {
    const missing = keptAlgorithms(this.#settings).filter((alg) => !this.#current.has(alg));
    if (missing.length === 0) return;
    const now = epochSeconds(this.#options.clock);
    const addKeys: StoredSigningKey[] = [];
    for (const alg of missing) addKeys.push(...(await this.#newKeyPair(alg, now)));
    const settings = this.#settings;
    await this.#options.store.updateSettings(settings, settings, { addKeys, retireAlgs: [], now });
    await this.refresh();
  }
}

function sameSettings(a: SigningSettings, b: SigningSettings): boolean {
  return a.alg === b.alg && a.previousAlg === b.previousAlg && a.effectiveAt === b.effectiveAt;
}

/** The algorithms whose keys the ring keeps current: the set one, the one it replaces during a switch, and RS256. */
function keptAlgorithms(settings: SigningSettings): SigningAlgorithm[] {
  return [
    ...new Set([
      settings.alg,
      ...(settings.previousAlg ? [settings.previousAlg] : []),
      REQUIRED_ID_TOKEN_ALG,
    ]),
  ];
}
