// The SQLite TupleStore: the SQL store (sql-tuple-store.ts) for writes, pages and the changelog, with the reads Check
// and ListObjects make answered synchronously on the read-only second connection (sqlite-read-connection.ts), so a
// Check on SQLite runs without a promise per read (SyncForwardTupleReader, SyncReverseTupleReader). The async reads
// are the same statements, resolved at once. Each statement is prepared once per shape of read.
import {
  assertRevisionReached,
  type ChangeFilter,
  type CombinedForwardTupleReader,
  type Page,
  type PageRequest,
  type ReadOptions,
  type Revision,
  RevisionWatermark,
  type StoredTuple,
  type SyncForwardTupleReader,
  type SyncReverseTupleReader,
  type TupleChange,
  type TupleFilter,
  type TupleIdentity,
  type TupleKey,
  type TupleStore,
  type TupleWriteRequest,
  type WriteOutcome,
} from '@tessera/rebac';
import {
  namedUsersFirst,
  splitObject,
  splitUser,
  splitUserTypeReference,
  type TupleKeyRow,
  toTupleKey,
} from './fga-tuple-rows.js';
import type { SqlTupleStore } from './sql-tuple-store.js';
import type { SqliteReadConnection } from './sqlite/sqlite-read-connection.js';

const COLUMNS =
  'object_type, object_id, relation, user_type, user_id, user_relation, condition_name, condition_context';
/** The forward index's prefix: store, object and relation. */
const FORWARD = `SELECT ${COLUMNS} FROM fga_tuples WHERE store_id = ? AND object_type = ? AND object_id = ? AND relation = ?`;
const POINT = `${FORWARD} AND user_type = ? AND user_id = ? AND user_relation = ?`;
/** The reverse index: user, relation, object type. */
const BY_USER = `SELECT ${COLUMNS} FROM fga_tuples WHERE store_id = ? AND user_type = ? AND user_id = ? AND user_relation = ? AND relation = ? AND object_type = ?`;
const REVISION = 'SELECT revision FROM fga_stores WHERE id = ?';

const NONE: readonly TupleKey[] = Object.freeze([]);

/** A user type reference's condition and parameters, for the `user_type`-filtered forward reads. */
function typeCondition(reference: string): { sql: string; params: string[] } {
  const parts = splitUserTypeReference(reference);
  if (parts.kind === 'userset')
    return { sql: '(user_type = ? AND user_relation = ?)', params: [parts.type, parts.relation] };
  return {
    sql: `(user_type = ? AND user_relation = '' AND user_id ${parts.kind === 'wildcard' ? '=' : '<>'} '*')`,
    params: [parts.type],
  };
}

export class SqliteTupleStore
  implements TupleStore, SyncForwardTupleReader, SyncReverseTupleReader, CombinedForwardTupleReader
{
  readonly #sql: SqlTupleStore;
  readonly #reads: SqliteReadConnection;
  readonly #storeId: string;
  /** The highest revision seen committed: reads demanding no more need no query. */
  readonly #watermark = new RevisionWatermark();
  /** The SQL and parameters of each set of user types (the engine hands the same sets again and again). */
  readonly #typeConditions = new WeakMap<ReadonlySet<string>, { sql: string; params: string[] }>();

  constructor(sqlStore: SqlTupleStore, reads: SqliteReadConnection, storeId: string) {
    this.#sql = sqlStore;
    this.#reads = reads;
    this.#storeId = storeId;
  }

  async currentRevision(): Promise<Revision> {
    return this.#currentRevisionSync();
  }

  async readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    return this.readTupleSync(identity, options);
  }

  async readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.readByObjectRelationSync(object, relation, userTypes, options);
  }

  async readUsersAndUsersets(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.readUsersAndUsersetsSync(object, relation, users, usersetTypes, options);
  }

  async readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.readByUserSync(user, relation, objectType, options);
  }

  readPage(filter: TupleFilter, page: PageRequest, options?: ReadOptions): Promise<Page<StoredTuple>> {
    return this.#sql.readPage(filter, page, options);
  }

  readChanges(
    filter: ChangeFilter,
    page: PageRequest,
  ): Promise<Page<TupleChange> & { continuationToken: string }> {
    return this.#sql.readChanges(filter, page);
  }

  async write(request: TupleWriteRequest): Promise<WriteOutcome> {
    const outcome = await this.#sql.write(request);
    if (outcome.outcome === 'written') this.#watermark.saw(outcome.revision);
    return outcome;
  }

  readTupleSync(identity: TupleIdentity, options?: ReadOptions): TupleKey | undefined {
    this.#reached(options);
    const [objectType, objectId] = splitObject(identity.object);
    const user = splitUser(identity.user);
    const row = this.#reads
      .statement(POINT)
      .get(
        this.#storeId,
        objectType,
        objectId,
        identity.relation,
        user.user_type,
        user.user_id,
        user.user_relation,
      ) as TupleKeyRow | undefined;
    return row ? toTupleKey(row) : undefined;
  }

  readByObjectRelationSync(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    this.#reached(options);
    if (userTypes?.size === 0) return NONE;
    const [objectType, objectId] = splitObject(object);
    if (!userTypes) return this.#all(FORWARD, [this.#storeId, objectType, objectId, relation]);
    const types = this.#typesCondition(userTypes);
    return this.#all(`${FORWARD} AND (${types.sql})`, [
      this.#storeId,
      objectType,
      objectId,
      relation,
      ...types.params,
    ]);
  }

  readUsersAndUsersetsSync(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    this.#reached(options);
    if (users.length === 0 && usersetTypes.size === 0) return NONE;
    const [objectType, objectId] = splitObject(object);
    const conditions: string[] = [];
    const params: string[] = [this.#storeId, objectType, objectId, relation];
    for (const user of users) {
      const parts = splitUser(user);
      conditions.push('(user_type = ? AND user_id = ? AND user_relation = ?)');
      params.push(parts.user_type, parts.user_id, parts.user_relation);
    }
    if (usersetTypes.size > 0) {
      const types = this.#typesCondition(usersetTypes);
      conditions.push(types.sql);
      params.push(...types.params);
    }
    return namedUsersFirst(this.#all(`${FORWARD} AND (${conditions.join(' OR ')})`, params), users);
  }

  readByUserSync(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    this.#reached(options);
    const parts = splitUser(user);
    return this.#all(BY_USER, [
      this.#storeId,
      parts.user_type,
      parts.user_id,
      parts.user_relation,
      relation,
      objectType,
    ]);
  }

  #all(sql: string, params: readonly unknown[]): readonly TupleKey[] {
    const rows = this.#reads.statement(sql).all(...params) as TupleKeyRow[];
    return rows.length === 0 ? NONE : rows.map(toTupleKey);
  }

  #typesCondition(types: ReadonlySet<string>): { sql: string; params: string[] } {
    let condition = this.#typeConditions.get(types);
    if (!condition) {
      const parts = [...types].sort().map(typeCondition);
      condition = {
        sql: parts.map((part) => part.sql).join(' OR '),
        params: parts.flatMap((part) => part.params),
      };
      this.#typeConditions.set(types, condition);
    }
    return condition;
  }

  #currentRevisionSync(): Revision {
    const row = this.#reads.statement(REVISION).get(this.#storeId) as
      | { revision: number | bigint }
      | undefined;
    return this.#watermark.saw(Number(row?.revision ?? 0));
  }

  /** Raises 2000 unless the store has reached `minRevision` (the primary is always current: one comparison). */
  #reached(options: ReadOptions | undefined): void {
    if (this.#watermark.covers(options)) return;
    assertRevisionReached(this.#currentRevisionSync(), options);
  }
}
