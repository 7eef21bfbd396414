import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SigningAlgorithm } from '../../src/config/config.js';
import { SecretBox, WrongMasterKeyError } from '../../src/crypto/secret-box.js';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { SqlSigningKeyStore } from '../../src/store/sql-signing-key-store.js';
import { mintAccessToken } from '../../src/tokens/access-token.js';
import { KeyRing, NoSigningKeysError } from '../../src/tokens/key-ring.js';
import { TestClock } from '../support/test-clock.js';
import { testKeyPairs } from '../support/test-costs.js';

const DAY = 86_400;
const RETENTION = DAY + 30;
const PUBLICATION_DELAY = 330;

describe('key ring', () => {
  let dir: string;
  let db: TesseraDb;
  let clock: TestClock;
  const box = new SecretBox(randomBytes(32));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-keys-'));
    ({ db } = openDatabase({ kind: 'sqlite', file: join(dir, 'keys.db') }));
    await migrateToLatest(db);
    clock = new TestClock();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (rotationIntervalSeconds = 90 * DAY, keyBox = box) => ({
    store: new SqlSigningKeyStore(db),
    box: keyBox,
    clock,
    rotationIntervalSeconds,
    retiredKeyRetentionSeconds: RETENTION,
    publicationDelaySeconds: PUBLICATION_DELAY,
    generateKeyPair: testKeyPairs,
  });
  /** As `serve` does: open (creating the first keys), then switch to the configured algorithm if one is given. */
  async function open(alg?: SigningAlgorithm, rotationIntervalSeconds = 90 * DAY): Promise<KeyRing> {
    const ring = await KeyRing.open(options(rotationIntervalSeconds), alg);
    if (alg !== undefined) await ring.switchAlgorithm(alg);
    return ring;
  }

  const publishedKids = (ring: KeyRing) => ring.jwks().keys.map((k) => k.kid);

  async function mint(ring: KeyRing): Promise<string> {
    const { token } = await mintAccessToken(ring.signingKey(), {
      issuer: 'https://issuer.example.com',
      subject: 's',
      clientId: 'c',
      audience: 'https://api.example.com',
      scopes: [],
      issuedAt: Math.floor(clock.now() / 1000),
      ttlSeconds: 900,
    });
    return token;
  }

  async function verifiesAgainstJwks(ring: KeyRing, token: string): Promise<boolean> {
    try {
      await jwtVerify(token, createLocalJWKSet(ring.jwks()), { currentDate: new Date(clock.now()) });
      return true;
    } catch {
      return false;
    }
  }

  it('starts with a signing key and a next key, both published, named by RFC 7638 thumbprint', async () => {
    const ring = await open();
    const statuses = ring.describe().map((k) => k.status);
    expect(statuses.sort()).toEqual(['current', 'next']);
    expect(publishedKids(ring)[0]).toBe(ring.signingKey().kid);
    expect(ring.signingKey().kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('publishes the next key before it signs anything', async () => {
    const ring = await open();
    const next = ring.describe().find((k) => k.status === 'next');
    expect(publishedKids(ring)).toContain(next?.kid);
    await ring.rotate();
    expect(ring.signingKey().kid).toBe(next?.kid);
  });

  it('keeps a retired key published until every token it signed has expired, then drops it', async () => {
    const ring = await open();
    const oldToken = await mint(ring);
    const oldKid = ring.signingKey().kid;
    await ring.rotate();
    const newToken = await mint(ring);
    expect(JSON.parse(Buffer.from(newToken.split('.')[0] as string, 'base64url').toString()).kid).not.toBe(
      oldKid,
    );
    expect(await verifiesAgainstJwks(ring, oldToken)).toBe(true);
    expect(await verifiesAgainstJwks(ring, newToken)).toBe(true);

    clock.advanceSeconds(RETENTION - 1);
    await ring.maintain();
    expect(publishedKids(ring)).toContain(oldKid);

    clock.advanceSeconds(2);
    await ring.maintain();
    expect(publishedKids(ring)).not.toContain(oldKid);
    expect(ring.describe().map((k) => k.kid)).not.toContain(oldKid);
  });

  it('rotates automatically once the rotation interval has passed', async () => {
    const ring = await open('RS256', 30 * DAY);
    const first = ring.signingKey().kid;
    clock.advanceSeconds(30 * DAY - 10);
    await ring.maintain();
    expect(ring.signingKey().kid).toBe(first);
    clock.advanceSeconds(10);
    await ring.maintain();
    expect(ring.signingKey().kid).not.toBe(first);
  });

  it('loads the same keys after a restart', async () => {
    const ring = await open();
    const before = ring.jwks();
    const token = await mint(ring);
    const reopened = await open();
    expect(reopened.jwks()).toEqual(before);
    expect(reopened.signingKey().kid).toBe(ring.signingKey().kid);
    expect(await verifiesAgainstJwks(reopened, token)).toBe(true);
  });

  it('sees a rotation made by another process after refresh', async () => {
    const serverRing = await open();
    const cliRing = await open();
    await cliRing.rotate();
    expect(serverRing.signingKey().kid).not.toBe(cliRing.signingKey().kid);
    await serverRing.refresh();
    expect(serverRing.signingKey().kid).toBe(cliRing.signingKey().kid);
  });

  it('two instances rotating at once rotate only once', async () => {
    const a = await open();
    const b = await open();
    await Promise.all([a.rotate(), b.rotate()]);
    expect(a.signingKey().kid).toBe(b.signingKey().kid);
    expect(a.describe().filter((k) => k.status === 'retired')).toHaveLength(1);
  });

  it('switches to a newly configured algorithm by rollover: its keys are published first and sign only after the publication delay', async () => {
    const rsa = await open('RS256');
    const rsaKid = rsa.signingKey().kid;
    const ec = await open('ES256');
    const ecKeys = ec.describe().filter((k) => k.alg === 'ES256');
    expect(ecKeys.map((k) => k.status).sort()).toEqual(['current', 'next']);
    expect(publishedKids(ec)).toEqual(expect.arrayContaining(ecKeys.map((k) => k.kid)));
    // Published, but not signing yet: verifiers holding a cached JWKS could not check it.
    expect(ec.signingKey().kid).toBe(rsaKid);
    expect(ec.algorithms()).toEqual({
      signing: 'RS256',
      switchingTo: 'ES256',
      switchAt: Math.floor(clock.now() / 1000) + PUBLICATION_DELAY,
    });
    expect(ec.idTokenAlgorithms()).toEqual(['RS256', 'ES256']);

    clock.advanceSeconds(PUBLICATION_DELAY - 1);
    await ec.maintain();
    expect(ec.signingKey().alg).toBe('RS256');
    clock.advanceSeconds(1);
    expect(ec.signingKey().alg).toBe('ES256');
    await ec.maintain();
    expect(ec.idTokenAlgorithms()).toEqual(['ES256', 'RS256']);
    // RS256 stays current for ID tokens of clients that ask for it (OIDC Discovery 1.0 §3).
    expect(ec.idTokenKey('RS256').kid).toBe(rsaKid);
    expect(publishedKids(ec)).toContain(rsaKid);
  });

  it('a switch away from an algorithm other than RS256 retires its keys once the new one signs', async () => {
    const ring = await open('ES256');
    const esKid = ring.signingKey().kid;
    expect(ring.signingKey().alg).toBe('ES256');
    await ring.switchAlgorithm('EdDSA');
    clock.advanceSeconds(PUBLICATION_DELAY);
    await ring.maintain();
    expect(ring.signingKey().alg).toBe('EdDSA');
    const es = ring.describe().filter((k) => k.alg === 'ES256');
    expect(es.map((k) => k.status)).toEqual(['retired', 'retired']);
    // Tokens it signed still verify until they expire.
    expect(publishedKids(ring)).toContain(esKid);
    expect(ring.idTokenAlgorithms()).toEqual(['EdDSA', 'RS256']);
  });

  it('switches at once to an algorithm whose keys have long been published (RS256 is always kept)', async () => {
    const ring = await open('ES256');
    clock.advanceSeconds(PUBLICATION_DELAY);
    await ring.switchAlgorithm('RS256');
    expect(ring.algorithms()).toEqual({ signing: 'RS256', switchingTo: null, switchAt: null });
    expect(ring.describe().filter((k) => k.alg === 'ES256' && k.status !== 'retired')).toEqual([]);
  });

  it('switching back to the algorithm that still signs calls the switch off at once', async () => {
    const ring = await open('RS256');
    await ring.switchAlgorithm('ES256');
    const esKids = ring
      .describe()
      .filter((k) => k.alg === 'ES256')
      .map((k) => k.kid);
    await ring.switchAlgorithm('RS256');
    expect(ring.algorithms()).toEqual({ signing: 'RS256', switchingTo: null, switchAt: null });
    expect(ring.idTokenAlgorithms()).toEqual(['RS256']);
    // The keys that never signed are retired, still published for the retention period.
    expect(
      ring
        .describe()
        .filter((k) => esKids.includes(k.kid))
        .map((k) => k.status),
    ).toEqual(['retired', 'retired']);
  });

  it('a rotation during a switch leaves the new algorithm alone, so it never signs with a key younger than the delay', async () => {
    const ring = await open('RS256');
    await ring.switchAlgorithm('EdDSA');
    const edCurrent = ring.describe().find((k) => k.alg === 'EdDSA' && k.status === 'current')?.kid;
    const rsCurrent = ring.signingKey().kid;
    await ring.rotate();
    await ring.rotate();
    expect(ring.signingKey().kid).not.toBe(rsCurrent);
    expect(ring.describe().find((k) => k.alg === 'EdDSA' && k.status === 'current')?.kid).toBe(edCurrent);
    clock.advanceSeconds(PUBLICATION_DELAY);
    await ring.maintain();
    expect(ring.signingKey().kid).toBe(edCurrent);
  });

  it('a switch while another is under way goes on from the algorithm that signs, retiring the abandoned one', async () => {
    const ring = await open('RS256');
    await ring.switchAlgorithm('ES256');
    clock.advanceSeconds(100);
    await ring.switchAlgorithm('EdDSA');
    expect(ring.algorithms()).toEqual({
      signing: 'RS256',
      switchingTo: 'EdDSA',
      switchAt: Math.floor(clock.now() / 1000) + PUBLICATION_DELAY,
    });
    expect(
      ring
        .describe()
        .filter((k) => k.alg === 'ES256')
        .map((k) => k.status),
    ).toEqual(['retired', 'retired']);
    clock.advanceSeconds(PUBLICATION_DELAY);
    await ring.maintain();
    expect(ring.signingKey().alg).toBe('EdDSA');
  });

  it('two servers switching to different algorithms at once: one switch wins, both rings agree', async () => {
    const a = await open('RS256');
    const b = await open('RS256');
    await Promise.all([a.switchAlgorithm('ES256'), b.switchAlgorithm('EdDSA')]);
    await Promise.all([a.refresh(), b.refresh()]);
    expect(a.algorithms()).toEqual(b.algorithms());
    const target = a.algorithms().switchingTo;
    expect(['ES256', 'EdDSA']).toContain(target);
    const live = a.describe().filter((k) => k.status !== 'retired');
    expect(live.map((k) => k.alg).sort()).toEqual([target, target, 'RS256', 'RS256'].sort());
  });

  it('loading the ring never creates or changes a key', async () => {
    await expect(KeyRing.load(options())).rejects.toBeInstanceOf(NoSigningKeysError);
    expect(await db.selectFrom('signing_keys').select('kid').execute()).toEqual([]);
    const ring = await open('ES256');
    clock.advanceSeconds(PUBLICATION_DELAY);
    const before = ring.describe();
    const loaded = await KeyRing.load(options());
    expect(loaded.describe()).toEqual(before);
    expect(loaded.signingKey().kid).toBe(ring.signingKey().kid);
  });

  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    it(`signs ${alg} tokens that jose verifies with the published key`, async () => {
      const ring = await open(alg);
      const token = await mint(ring);
      const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(ring.jwks()), {
        currentDate: new Date(clock.now()),
        typ: 'at+jwt',
      });
      expect(protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: ring.signingKey().kid });
    });
  }

  it('stores private keys only encrypted with the master key', async () => {
    const ring = await open();
    const rows = await db.selectFrom('signing_keys').select(['private_key', 'public_jwk']).execute();
    for (const row of rows) {
      expect(row.private_key).not.toContain('PRIVATE KEY');
      expect(row.private_key.split('.')).toHaveLength(5);
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
    }
    const otherBox = new SecretBox(randomBytes(32), 'TESSERA_MASTER_KEY');
    const wrongKey = KeyRing.load(options(DAY, otherBox));
    await expect(wrongKey).rejects.toBeInstanceOf(WrongMasterKeyError);
    await expect(wrongKey).rejects.toThrow(/TESSERA_MASTER_KEY\) is not the key/);
    expect(ring.signingKey()).toBeDefined();
  });
});
