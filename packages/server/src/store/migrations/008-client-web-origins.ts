// CORS for browser apps: each client's explicitly allowed web origins, and an index of every web origin any client
// allows (its redirect URIs' too), so a preflight, which names no client, is answered by one indexed lookup.
import type { Kysely } from 'kysely';

interface Schema {
  clients: { id: string; redirect_uris: string };
  client_web_origins: { origin: string; client_id: string };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createTable('client_web_origins')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_web_origins_pk', ['origin', 'client_id'])
    .execute();
  await db.schema
    .createIndex('client_web_origins_client')
    .on('client_web_origins')
    .column('client_id')
    .execute();

  // Existing clients allow the origins of their http(s) redirect URIs, as new ones do (written out here, not
  // imported, so that this migration keeps doing what it did when the rule changes).
  const typed = db as unknown as Kysely<Schema>;
  const clients = await typed.selectFrom('clients').select(['id', 'redirect_uris']).execute();
  const rows = clients.flatMap((client) => {
    const origins = new Set<string>();
    for (const uri of JSON.parse(client.redirect_uris) as string[]) {
      const url = new URL(uri);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
    }
    return [...origins].map((origin) => ({ origin, client_id: client.id }));
  });
  // In chunks: SQLite bounds the number of bound parameters in one statement.
  for (let i = 0; i < rows.length; i += 500) {
    await typed
      .insertInto('client_web_origins')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}
