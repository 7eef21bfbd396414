// Migration numbers are reserved by the branches that add them (011 OpenFGA, 012 organizations, 013 TOTP), which merge
// in any order: a database that already ran a later one still gets an earlier one that arrives afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from '../../src/store/migrate.js';
import * as initial from '../../src/store/migrations/001-initial.js';
import * as users from '../../src/store/migrations/002-users.js';
import * as signIn from '../../src/store/migrations/003-sign-in.js';
import * as passwordResets from '../../src/store/migrations/004-password-resets.js';
import * as resetLinks from '../../src/store/migrations/005-reset-links-bound-to-credentials.js';
import * as signupLinks from '../../src/store/migrations/006-signup-links.js';
import * as signingAlgorithms from '../../src/store/migrations/007-signing-algorithms.js';
import * as clientWebOrigins from '../../src/store/migrations/008-client-web-origins.js';
import * as profileUpdatedAt from '../../src/store/migrations/009-profile-updated-at.js';
import * as linksReturnTo from '../../src/store/migrations/010-links-return-to.js';
import * as totp from '../../src/store/migrations/013-totp.js';
import { openDatabase } from '../../src/store/open-database.js';

/** The migrations of a server that had TOTP (013) before OpenFGA (011) and organizations (012) were merged. */
const WITHOUT_ORGANIZATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-users': users,
  '003-sign-in': signIn,
  '004-password-resets': passwordResets,
  '005-reset-links-bound-to-credentials': resetLinks,
  '006-signup-links': signupLinks,
  '007-signing-algorithms': signingAlgorithms,
  '008-client-web-origins': clientWebOrigins,
  '009-profile-updated-at': profileUpdatedAt,
  '010-links-return-to': linksReturnTo,
  '013-totp': totp,
};

describe('reserved migration numbers', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a database that ran 013 before 011 and 012 existed is migrated with them, and nothing runs twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-migrations-'));
    const { db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') });
    try {
      const { error } = await new Migrator({
        db,
        provider: { getMigrations: async () => WITHOUT_ORGANIZATIONS },
        migrationTableName: 'tessera_migrations',
        migrationLockTableName: 'tessera_migrations_lock',
      }).migrateToLatest();
      expect(error).toBeUndefined();
      // 011 and 012, and the migrations that came after 013 (014: consents per organization, and the organization
      // of access tokens; 015: device authorizations; 016: passkeys; 017: step-up and the account page's sessions; 018: organization invitations).
      const earlierAndLater = [
        '011-fga',
        '012-organizations',
        '014-organization-consents-and-access-tokens',
        '015-device-authorizations',
        '016-passkeys',
        '017-step-up',
        '018-organization-invitations',
      ];
      expect(await pendingMigrations(db)).toEqual(earlierAndLater);
      expect((await migrateToLatest(db)).applied).toEqual(earlierAndLater);
      expect((await migrateToLatest(db)).applied).toEqual([]);
      expect(await db.selectFrom('organizations').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('fga_stores').selectAll().execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
