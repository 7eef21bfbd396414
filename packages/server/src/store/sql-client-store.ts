// ClientStore over Kysely (SQLite and PostgreSQL alike). Each client's web origins are also written to an indexed
// table, in the same transaction, so that a CORS preflight asks by origin without scanning clients.
import type { Selectable } from 'kysely';
import type { Client, ClientStore } from '../oauth/clients/client.js';
import { webOriginsOf } from '../oauth/clients/web-origins.js';
import type { ClientsTable, TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';

export class SqlClientStore implements ClientStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(client: Client): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      await trx
        .insertInto('clients')
        .values({
          id: client.id,
          name: client.name,
          secret_hash: client.secretHash,
          auth_method: client.authMethod,
          grant_types: JSON.stringify(client.grantTypes),
          scope: client.scopes.join(' '),
          audience: client.audience,
          resources: JSON.stringify(client.resources),
          jwks: client.jwks ? JSON.stringify(client.jwks) : null,
          access_token_ttl: client.accessTokenTtlSeconds,
          created_at: client.createdAt,
          redirect_uris: JSON.stringify(client.redirectUris),
          post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
          first_party: client.firstParty ? 1 : 0,
          allowed_origins: JSON.stringify(client.allowedOrigins),
          id_token_signed_response_alg: client.idTokenSignedResponseAlg,
          organizations: client.organizations,
          require_mfa: client.requireMfa ? 1 : 0,
        })
        .execute();
      const origins = webOriginsOf(client).map((origin) => ({ origin, client_id: client.id }));
      if (origins.length > 0) await trx.insertInto('client_web_origins').values(origins).execute();
    });
  }

  async findById(id: string): Promise<Client | undefined> {
    const row = await this.#db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toClient(row) : undefined;
  }

  async list(): Promise<Client[]> {
    const rows = await this.#db
      .selectFrom('clients')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toClient);
  }

  async delete(id: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('client_web_origins').where('client_id', '=', id).execute();
      const result = await trx.deleteFrom('clients').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async anyClientAllowsOrigin(origin: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('client_web_origins')
      .select('origin')
      .where('origin', '=', origin)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function toClient(row: Selectable<ClientsTable>): Client {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    authMethod: row.auth_method as Client['authMethod'],
    grantTypes: JSON.parse(row.grant_types),
    scopes: row.scope === '' ? [] : row.scope.split(' '),
    audience: row.audience,
    resources: JSON.parse(row.resources),
    jwks: row.jwks === null ? null : JSON.parse(row.jwks),
    accessTokenTtlSeconds: Number(row.access_token_ttl),
    createdAt: Number(row.created_at),
    redirectUris: JSON.parse(row.redirect_uris),
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris),
    allowedOrigins: JSON.parse(row.allowed_origins),
    firstParty: Number(row.first_party) === 1,
    idTokenSignedResponseAlg: row.id_token_signed_response_alg as Client['idTokenSignedResponseAlg'],
    organizations: row.organizations === 'required' ? 'required' : 'optional',
    requireMfa: Number(row.require_mfa) === 1,
  };
}
