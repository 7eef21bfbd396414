import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SigningAlgorithm } from '../../src/config/config.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { SqlSigningKeyStore } from '../../src/store/sql-signing-key-store.js';
import { mintAccessToken } from '../../src/tokens/access-token.js';
import { KeyRing } from '../../src/tokens/key-ring.js';
import { TestClock } from '../support/test-clock.js';

const DAY = 86_400;
const RETENTION = DAY + 30;

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

  const open = (alg: SigningAlgorithm = 'RS256', rotationIntervalSeconds = 90 * DAY) =>
    KeyRing.open({
      store: new SqlSigningKeyStore(db),
      box,
      clock,
      alg,
      rotationIntervalSeconds,
      retiredKeyRetentionSeconds: RETENTION,
    });

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

  it('switches to a newly configured algorithm, keeping the old keys published', async () => {
    const rsa = await open('RS256');
    const rsaKid = rsa.signingKey().kid;
    const ec = await open('ES256');
    expect(ec.signingKey().alg).toBe('ES256');
    expect(ec.describe().find((k) => k.status === 'next')?.alg).toBe('ES256');
    expect(publishedKids(ec)).toContain(rsaKid);
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
    const otherBox = new SecretBox(randomBytes(32));
    await expect(
      KeyRing.open({
        store: new SqlSigningKeyStore(db),
        box: otherBox,
        clock,
        alg: 'RS256',
        rotationIntervalSeconds: DAY,
        retiredKeyRetentionSeconds: RETENTION,
      }),
    ).rejects.toThrow();
    expect(ring.signingKey()).toBeDefined();
  });
});
