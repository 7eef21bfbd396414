// Whether this checkout's server has what the SQL and HTTP parts of the ReBAC benchmark drive (the SQL tuple store,
// the OpenFGA HTTP API under <issuer>/fga, `tessera fga tuples import`), and the PostgreSQL server they use.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase } from './tessera-server.js';

const SERVER_DIST = fileURLToPath(new URL('../../packages/server/dist/', import.meta.url));

/** What the server parts need from packages/server/dist, by file. */
const NEEDS = [
  ['store/sql-tuple-store.js', 'SQL tuple store'],
  ['authz/fga/fga-routes.js', 'OpenFGA HTTP API'],
];

/** Why the server parts cannot run on this checkout, or undefined when they can. */
export function serverPartsProblem() {
  const absent = NEEDS.filter(([file]) => !existsSync(`${SERVER_DIST}${file}`)).map(([, what]) => what);
  if (absent.length === 0) return undefined;
  return `packages/server has no ${absent.join(' and no ')} on this branch yet`;
}

/** Why PostgreSQL cannot be used (no server at BENCH_POSTGRES_URL), or undefined when a database can be made. */
export async function postgresProblem() {
  try {
    const database = await createPostgresDatabase();
    await database.drop();
    return undefined;
  } catch (error) {
    const where = process.env.BENCH_POSTGRES_URL
      ? 'BENCH_POSTGRES_URL'
      : 'postgres://postgres@127.0.0.1:5432';
    return `no PostgreSQL to create a database on at ${where} (${error.message})`;
  }
}
