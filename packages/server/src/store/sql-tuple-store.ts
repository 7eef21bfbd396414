// TupleStore (@tessera/rebac's contract) over Kysely, for one OpenFGA store. A write locks the store's row (its
// revision counter), so writes to one store are serialized and each gets the next revision; tuples, the changelog
// and the counter change in one transaction. The primary database is always current, so `minRevision` only has to
// be compared with the counter (read once per higher revision asked for, since revisions never go back).
import {
  assertRevisionReached,
  type ChangeFilter,
  type CombinedForwardTupleReader,
  ErrorCode,
  type ObjectRelationRead,
  type ObjectTupleReader,
  type Page,
  type PageRequest,
  type ReadOptions,
  RebacError,
  type Revision,
  RevisionWatermark,
  type StoredTuple,
  type TupleChange,
  type TupleFilter,
  type TupleIdentity,
  type TupleKey,
  type TupleStore,
  type TupleWriteRequest,
  tupleKeyToString,
  type WriteOutcome,
} from '@tessera/rebac';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database, TesseraDb } from './database.js';
import {
  afterPlace,
  changeRow,
  decodePlace,
  encodePlace,
  identityColumns,
  namedUsersFirst,
  splitObject,
  splitUser,
  splitUserTypeReference,
  toChange,
  toTupleKey,
  tupleRow,
} from './fga-tuple-rows.js';
import { inTransaction } from './in-transaction.js';

/** Past every ordinal (an integer column): a position after the whole of a write. */
const MAX_ORDINAL = 2_147_483_647;
/** Tuples looked up or deleted per statement (6 parameters each). */
const LOOKUP_CHUNK = 100;
/** Rows per INSERT: well under SQLite's bound on parameters in one statement. */
const INSERT_CHUNK = 200;

export class SqlTupleStore implements TupleStore, CombinedForwardTupleReader, ObjectTupleReader {
  readonly #db: TesseraDb;
  readonly #storeId: string;
  readonly #clock: Clock;
  /** The highest revision this instance has seen committed: reads demanding no more need no query. */
  readonly #watermark = new RevisionWatermark();

  constructor(db: TesseraDb, storeId: string, clock: Clock) {
    this.#db = db;
    this.#storeId = storeId;
    this.#clock = clock;
  }

  async currentRevision(): Promise<Revision> {
    const row = await this.#db
      .selectFrom('fga_stores')
      .select('revision')
      .where('id', '=', this.#storeId)
      .executeTakeFirst();
    return this.#watermark.saw(Number(row?.revision ?? 0));
  }

  async readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    await this.#reached(options);
    const columns = identityColumns(identity);
    const row = await this.#db
      .selectFrom('fga_tuples')
      .selectAll()
      .where('store_id', '=', this.#storeId)
      .where('object_type', '=', columns.object_type)
      .where('object_id', '=', columns.object_id)
      .where('relation', '=', columns.relation)
      .where('user_type', '=', columns.user_type)
      .where('user_id', '=', columns.user_id)
      .where('user_relation', '=', columns.user_relation)
      .executeTakeFirst();
    return row ? toTupleKey(row) : undefined;
  }

  async readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    await this.#reached(options);
    const [objectType, objectId] = splitObject(object);
    let query = this.#db
      .selectFrom('fga_tuples')
      .selectAll()
      .where('store_id', '=', this.#storeId)
      .where('object_type', '=', objectType)
      .where('object_id', '=', objectId)
      .where('relation', '=', relation);
    // Only the user type references asked for, on the primary key's next column (user_type).
    if (userTypes) {
      if (userTypes.size === 0) return [];
      query = query.where((eb) => eb.or([...userTypes].map((type) => userOfType(eb, type))));
    }
    return (await query.execute()).map(toTupleKey);
  }

  /** A type restriction's tuples in one statement: the named users' (in the order of `users`), then the usersets. */
  async readUsersAndUsersets(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    await this.#reached(options);
    if (users.length === 0 && usersetTypes.size === 0) return [];
    const [objectType, objectId] = splitObject(object);
    const rows = await this.#db
      .selectFrom('fga_tuples')
      .selectAll()
      .where('store_id', '=', this.#storeId)
      .where('object_type', '=', objectType)
      .where('object_id', '=', objectId)
      .where('relation', '=', relation)
      .where((eb) =>
        eb.or([
          ...users.map((user) => eb.and(splitUser(user))),
          ...[...usersetTypes].map((type) => userOfType(eb, type)),
        ]),
      )
      .execute();
    return namedUsersFirst(rows.map(toTupleKey), users);
  }

  /**
   * Several relations of one object in one statement (one round trip per object Check visits): the forward index's
   * prefix with `relation IN (...)`, then each read's own user conditions.
   */
  async readObjectRelations(
    object: string,
    reads: readonly ObjectRelationRead[],
    options?: ReadOptions,
  ): Promise<readonly (readonly TupleKey[])[]> {
    await this.#reached(options);
    if (reads.length === 0) return [];
    const [objectType, objectId] = splitObject(object);
    const rows = await this.#db
      .selectFrom('fga_tuples')
      .selectAll()
      .where('store_id', '=', this.#storeId)
      .where('object_type', '=', objectType)
      .where('object_id', '=', objectId)
      .where(
        'relation',
        'in',
        reads.map((read) => read.relation),
      )
      .where((eb) =>
        eb.or(
          reads.map((read) => {
            const relation = eb('relation', '=', read.relation);
            if (!read.restriction) return relation;
            return eb.and([
              relation,
              eb.or([
                ...read.restriction.users.map((user) => eb.and(splitUser(user))),
                ...[...read.restriction.usersetTypes].map((type) => userOfType(eb, type)),
              ]),
            ]);
          }),
        ),
      )
      .execute();
    const tuples = rows.map(toTupleKey);
    return reads.map((read) => {
      const own = tuples.filter((tuple) => tuple.relation === read.relation);
      return read.restriction ? namedUsersFirst(own, read.restriction.users) : own;
    });
  }

  async readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    await this.#reached(options);
    const parts = splitUser(user);
    const rows = await this.#db
      .selectFrom('fga_tuples')
      .selectAll()
      .where('store_id', '=', this.#storeId)
      .where('user_type', '=', parts.user_type)
      .where('user_id', '=', parts.user_id)
      .where('user_relation', '=', parts.user_relation)
      .where('relation', '=', relation)
      .where('object_type', '=', objectType)
      .execute();
    return rows.map(toTupleKey);
  }

  async readPage(filter: TupleFilter, page: PageRequest, options?: ReadOptions): Promise<Page<StoredTuple>> {
    await this.#reached(options);
    const after = page.continuationToken === undefined ? undefined : decodePlace(page.continuationToken, 't');
    let query = this.#db.selectFrom('fga_tuples').selectAll().where('store_id', '=', this.#storeId);
    if (filter.object) {
      const [type, id] = splitObject(filter.object);
      query = query.where('object_type', '=', type);
      if (id !== '') query = query.where('object_id', '=', id);
    }
    if (filter.relation) query = query.where('relation', '=', filter.relation);
    if (filter.user) {
      const parts = splitUser(filter.user);
      query = query
        .where('user_type', '=', parts.user_type)
        .where('user_id', '=', parts.user_id)
        .where('user_relation', '=', parts.user_relation);
    }
    if (after) query = query.where(afterPlace(after));
    const rows = await query
      .orderBy('revision')
      .orderBy('ordinal')
      .limit(page.pageSize + 1)
      .execute();
    const items = rows.slice(0, page.pageSize);
    const last = items.at(-1);
    const tuples = items.map((row) => ({
      key: toTupleKey(row),
      timestamp: new Date(Number(row.written_at)),
    }));
    return rows.length > page.pageSize && last
      ? { items: tuples, continuationToken: encodePlace('t', last) }
      : { items: tuples };
  }

  async readChanges(
    filter: ChangeFilter,
    page: PageRequest,
  ): Promise<Page<TupleChange> & { continuationToken: string }> {
    const given = page.continuationToken ? decodePlace(page.continuationToken, 'c') : undefined;
    // Read before the changes: a position at this revision skips nothing committed later.
    const revision = await this.currentRevision();
    let query = this.#db.selectFrom('fga_changes').selectAll().where('store_id', '=', this.#storeId);
    if (given) query = query.where(afterPlace(given));
    else if (filter.startTime) query = query.where('written_at', '>=', filter.startTime.getTime());
    if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
    const rows = await query.orderBy('revision').orderBy('ordinal').limit(page.pageSize).execute();
    const last = rows.at(-1);
    // With nothing new, the token stays where it was, or (no token yet) moves past everything read so far.
    const place = last ?? given ?? { revision, ordinal: MAX_ORDINAL };
    return { items: rows.map(toChange), continuationToken: encodePlace('c', place) };
  }

  async write(request: TupleWriteRequest): Promise<WriteOutcome> {
    const onDuplicate = request.onDuplicate ?? 'error';
    const onMissing = request.onMissing ?? 'error';
    return inTransaction(this.#db, async (trx): Promise<WriteOutcome> => {
      // Locks the store's row until commit: concurrent writers of this store wait here, one at a time.
      const locked = await trx
        .updateTable('fga_stores')
        .set({ revision: sql`revision` })
        .where('id', '=', this.#storeId)
        .returning('revision')
        .executeTakeFirst();
      if (!locked) throw new RebacError(ErrorCode.validation_error, 'the store does not exist');
      const current = Number(locked.revision);
      const stored = await this.#storedAmong(trx, [...request.deletes, ...request.writes]);
      const exists = (identity: TupleIdentity) => stored.get(tupleKeyToString(identity));
      // Decide everything before changing anything: the request applies whole or not at all.
      const deletes: TupleKey[] = [];
      for (const identity of request.deletes) {
        const found = exists(identity);
        if (found) deletes.push(found);
        else if (onMissing === 'error') return { outcome: 'missing', tuple: identity };
      }
      const deleted = new Set(deletes.map((key) => tupleKeyToString(key)));
      const writes: TupleKey[] = [];
      for (const key of request.writes) {
        if (!deleted.has(tupleKeyToString(key)) && exists(key)) {
          if (onDuplicate === 'error') return { outcome: 'duplicate', tuple: key };
          continue;
        }
        writes.push(key);
      }
      if (deletes.length === 0 && writes.length === 0) return { outcome: 'written', revision: current };

      const revision = current + 1;
      const writtenAt = this.#clock.now();
      for (let i = 0; i < deletes.length; i += LOOKUP_CHUNK) {
        const chunk = deletes.slice(i, i + LOOKUP_CHUNK).map(identityColumns);
        await trx
          .deleteFrom('fga_tuples')
          .where('store_id', '=', this.#storeId)
          .where((eb) => eb.or(chunk.map((columns) => eb.and(columns))))
          .execute();
      }
      const tupleRows = writes.map((key, ordinal) =>
        tupleRow(this.#storeId, key, revision, ordinal, writtenAt),
      );
      for (let i = 0; i < tupleRows.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('fga_tuples')
          .values(tupleRows.slice(i, i + INSERT_CHUNK))
          .execute();
      }
      const changes = [
        ...deletes.map((key) => ({ key, operation: 'delete' as const })),
        ...writes.map((key) => ({ key, operation: 'write' as const })),
      ].map(({ key, operation }, ordinal) =>
        changeRow(this.#storeId, key, operation, revision, ordinal, writtenAt),
      );
      for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('fga_changes')
          .values(changes.slice(i, i + INSERT_CHUNK))
          .execute();
      }
      await trx.updateTable('fga_stores').set({ revision }).where('id', '=', this.#storeId).execute();
      return { outcome: 'written', revision };
    }).then((outcome) => {
      if (outcome.outcome === 'written') this.#watermark.saw(outcome.revision);
      return outcome;
    });
  }

  /** The stored tuples among `identities`, by tupleKeyToString: one query per LOOKUP_CHUNK of them. */
  async #storedAmong(db: TesseraDb, identities: readonly TupleIdentity[]): Promise<Map<string, TupleKey>> {
    const found = new Map<string, TupleKey>();
    for (let i = 0; i < identities.length; i += LOOKUP_CHUNK) {
      const chunk = identities.slice(i, i + LOOKUP_CHUNK).map(identityColumns);
      const rows = await db
        .selectFrom('fga_tuples')
        .selectAll()
        .where('store_id', '=', this.#storeId)
        .where((eb) => eb.or(chunk.map((columns) => eb.and(columns))))
        .execute();
      for (const row of rows) {
        const key = toTupleKey(row);
        found.set(tupleKeyToString(key), key);
      }
    }
    return found;
  }

  async #reached(options: ReadOptions | undefined): Promise<void> {
    if (this.#watermark.covers(options)) return;
    assertRevisionReached(await this.currentRevision(), options);
  }
}

/**
 * The rows whose user is of the type reference: `type#relation` (usersets of it), `type:*` (its wildcard) or `type`
 * (its ids, never the wildcard).
 */
function userOfType(eb: ExpressionBuilder<Database, 'fga_tuples'>, typeReference: string) {
  const reference = splitUserTypeReference(typeReference);
  return reference.kind === 'userset'
    ? eb.and({ user_type: reference.type, user_relation: reference.relation })
    : eb.and([
        eb('user_type', '=', reference.type),
        eb('user_relation', '=', ''),
        eb('user_id', reference.kind === 'wildcard' ? '=' : '<>', '*'),
      ]);
}
