// ConsentStore over Kysely.
import type { Consent, ConsentStore } from '../oauth/consent-store.js';
import type { TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';

export class SqlConsentStore implements ConsentStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async listForUser(userId: string): Promise<Consent[]> {
    const rows = await this.#db
      .selectFrom('consents')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('granted_at', 'desc')
      .orderBy('client_id')
      .execute();
    return rows.map((row) => ({
      clientId: row.client_id,
      scopes: row.scope === '' ? [] : row.scope.split(' '),
      grantedAt: Number(row.granted_at),
    }));
  }

  async revoke(userId: string, clientId: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      await trx
        .deleteFrom('consent_organizations')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .execute();
      const result = await trx
        .deleteFrom('consents')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async grantedScopes(userId: string, clientId: string): Promise<string[]> {
    const row = await this.#db
      .selectFrom('consents')
      .select('scope')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row && row.scope !== '' ? row.scope.split(' ') : [];
  }

  async approvedOrganization(userId: string, clientId: string, organizationId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('consent_organizations')
      .select('organization_id')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async forgetOrganization(organizationId: string): Promise<void> {
    await this.#db
      .deleteFrom('consent_organizations')
      .where('organization_id', '=', organizationId)
      .execute();
  }

  async grant(
    userId: string,
    clientId: string,
    scopes: string[],
    now: number,
    organizationId: string | null = null,
  ): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      if (organizationId !== null) {
        await trx
          .insertInto('consent_organizations')
          .values({ user_id: userId, client_id: clientId, organization_id: organizationId, granted_at: now })
          .onConflict((oc) =>
            oc.columns(['user_id', 'client_id', 'organization_id']).doUpdateSet({ granted_at: now }),
          )
          .execute();
      }
      const existing = await trx
        .selectFrom('consents')
        .select('scope')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      const merged = [...new Set([...(existing?.scope.split(' ').filter(Boolean) ?? []), ...scopes])].join(
        ' ',
      );
      await trx
        .insertInto('consents')
        .values({ user_id: userId, client_id: clientId, scope: merged, granted_at: now })
        .onConflict((oc) =>
          oc.columns(['user_id', 'client_id']).doUpdateSet({ scope: merged, granted_at: now }),
        )
        .execute();
    });
  }
}
