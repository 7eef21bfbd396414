import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_FAILURE_MEMORY_SECONDS } from '../../src/accounts/login-throttle.js';
import { SESSION_IDLE_SECONDS } from '../../src/accounts/session-manager.js';
import { COUNTER_RETENTION_SECONDS } from '../../src/limits/counter-store.js';
import { purgeableStores } from '../../src/purgeable.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores, type Stores } from '../../src/store/stores.js';

const NOW = 1_800_000_000;

describe('periodic purge', () => {
  let dir: string;
  let stores: Stores;
  let close: () => Promise<void>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-purge-'));
    const { db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') });
    await migrateToLatest(db);
    stores = createSqlStores(db);
    close = () => db.destroy();
  });

  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every store that keeps expiring rows, and no other', () => {
    expect(purgeableStores(stores)).toEqual([
      stores.revokedTokens,
      stores.assertionReplay,
      stores.sessions,
      stores.rateLimits,
      stores.grants,
      stores.deviceAuthorizations,
      stores.passwordResets,
      stores.signUpLinks,
      // Passkey ceremonies' challenges past their 5 minutes.
      stores.passkeyChallenges,
      // Invitations 30 days after they expired.
      stores.invitations,
      // Deleted OpenFGA stores' models, tuples, changelog and assertions.
      stores.fgaStores,
    ]);
  });

  it('ends sessions idle for longer than sessions may be, and keeps the others', async () => {
    const session = (idHash: string, lastSeenAt: number) => ({
      idHash,
      sid: `sid-${idHash}`,
      userId: 'u-1',
      authTime: NOW - SESSION_IDLE_SECONDS - 10,
      amr: ['pwd'],
      createdAt: NOW - SESSION_IDLE_SECONDS - 10,
      lastSeenAt,
      expiresAt: NOW + 3600,
      credentialsVersion: 1,
      secondFactorAt: null,
      userAgent: null,
      ipAddress: null,
    });
    await stores.sessions.create(session('idle', NOW - SESSION_IDLE_SECONDS - 1));
    await stores.sessions.create(session('active', NOW - SESSION_IDLE_SECONDS + 1));
    await stores.sessions.purge(NOW);
    expect(await stores.sessions.findByIdHash('idle')).toBeUndefined();
    expect(await stores.sessions.findByIdHash('active')).toMatchObject({ idHash: 'active' });
  });

  it('keeps rate-limit counters as long as sign-in throttling remembers failures, then forgets them', async () => {
    expect(COUNTER_RETENTION_SECONDS).toBeGreaterThanOrEqual(LOGIN_FAILURE_MEMORY_SECONDS);
    await stores.rateLimits.increment('old', NOW - COUNTER_RETENTION_SECONDS - 1);
    await stores.rateLimits.increment('recent', NOW - COUNTER_RETENTION_SECONDS + 1);
    await stores.rateLimits.purge(NOW);
    expect(await stores.rateLimits.get('old')).toBeUndefined();
    expect(await stores.rateLimits.get('recent')).toEqual({
      count: 1,
      lastCountedAt: NOW - COUNTER_RETENTION_SECONDS + 1,
    });
  });

  it('deletes revoked-token entries once the tokens have expired', async () => {
    await stores.revokedTokens.revoke('jti-old', NOW - 1);
    await stores.revokedTokens.revoke('jti-live', NOW + 60);
    await stores.revokedTokens.purge(NOW);
    expect(await stores.revokedTokens.isRevoked('jti-old')).toBe(false);
    expect(await stores.revokedTokens.isRevoked('jti-live')).toBe(true);
  });

  it('deletes device authorizations an hour after they expired, and keeps later ones', async () => {
    const authorization = (code: string, expiresAt: number) => ({
      deviceCodeHash: `device-${code}`,
      userCodeHash: `user-${code}`,
      clientId: 'c-1',
      scope: ['openid'],
      organization: null,
      createdAt: expiresAt - 600,
      requestedFrom: '127.0.0.1',
      expiresAt,
      interval: 5,
      lastPolledAt: null,
      status: 'pending' as const,
      approval: null,
    });
    await stores.deviceAuthorizations.create(authorization('old', NOW - 3601));
    await stores.deviceAuthorizations.create(authorization('late', NOW - 3599));
    await stores.deviceAuthorizations.purge(NOW);
    expect(await stores.deviceAuthorizations.findByDeviceCode('device-old')).toBeUndefined();
    expect(await stores.deviceAuthorizations.findByDeviceCode('device-late')).toMatchObject({
      userCodeHash: 'user-late',
    });
  });
});
