// How tuples and changelog entries are laid out in the fga_ tables (migrations/011-fga.ts): a tuple's object and user
// split into indexed columns and put back together, and the positions in write order that page tokens carry.
import {
  ErrorCode,
  RebacError,
  type Revision,
  type TupleChange,
  type TupleIdentity,
  type TupleKey,
} from '@tessera/rebac';
import { type Selectable, sql } from 'kysely';
import type { FgaChangesTable, FgaTuplesTable } from './database.js';

/** A tuple's identity as its columns. */
export interface TupleColumns {
  object_type: string;
  object_id: string;
  relation: string;
  user_type: string;
  user_id: string;
  user_relation: string;
}

/** `type:id` as its two columns; `type:` (the Read API's every-object filter) has an empty id. */
export function splitObject(object: string): [string, string] {
  const colon = object.indexOf(':');
  return colon < 0 ? [object, ''] : [object.slice(0, colon), object.slice(colon + 1)];
}

/** `user:anne`, `user:*` or `group:eng#member` as columns. */
export function splitUser(user: string): Pick<TupleColumns, 'user_type' | 'user_id' | 'user_relation'> {
  const hash = user.indexOf('#');
  const subject = hash < 0 ? user : user.slice(0, hash);
  const [userType, userId] = splitObject(subject);
  return { user_type: userType, user_id: userId, user_relation: hash < 0 ? '' : user.slice(hash + 1) };
}

export function identityColumns(identity: TupleIdentity): TupleColumns {
  const [objectType, objectId] = splitObject(identity.object);
  return {
    object_type: objectType,
    object_id: objectId,
    relation: identity.relation,
    ...splitUser(identity.user),
  };
}

/** A type restriction's user type reference (`user`, `user:*`, `group#member`) as what its columns hold. */
export function splitUserTypeReference(
  reference: string,
): { kind: 'object' | 'wildcard'; type: string } | { kind: 'userset'; type: string; relation: string } {
  const hash = reference.indexOf('#');
  if (hash >= 0)
    return { kind: 'userset', type: reference.slice(0, hash), relation: reference.slice(hash + 1) };
  return reference.endsWith(':*')
    ? { kind: 'wildcard', type: reference.slice(0, -2) }
    : { kind: 'object', type: reference };
}

function userOf(row: Pick<TupleColumns, 'user_type' | 'user_id' | 'user_relation'>): string {
  const subject = `${row.user_type}:${row.user_id}`;
  return row.user_relation === '' ? subject : `${subject}#${row.user_relation}`;
}

function conditionOf(name: string | null, context: string | null): Pick<TupleKey, 'condition'> {
  if (name === null) return {};
  return { condition: context === null ? { name } : { name, context: JSON.parse(context) } };
}

/** The columns a tuple key is made of (what the synchronous SQLite reads select). */
export type TupleKeyRow = Pick<
  Selectable<FgaTuplesTable>,
  keyof TupleColumns | 'condition_name' | 'condition_context'
>;

export function toTupleKey(row: TupleKeyRow): TupleKey {
  return {
    object: `${row.object_type}:${row.object_id}`,
    relation: row.relation,
    user: userOf(row),
    ...conditionOf(row.condition_name, row.condition_context),
  };
}

export function toChange(row: Selectable<FgaChangesTable>): TupleChange {
  return {
    key: {
      object: row.object,
      relation: row.relation,
      user: row.user,
      ...conditionOf(row.condition_name, row.condition_context),
    },
    operation: row.operation,
    timestamp: new Date(Number(row.written_at)),
    revision: Number(row.revision),
  };
}

/** The row of a tuple written by the write of `revision`, `ordinal`-th in it. */
export function tupleRow(
  storeId: string,
  key: TupleKey,
  revision: Revision,
  ordinal: number,
  writtenAt: number,
): FgaTuplesTable {
  return {
    store_id: storeId,
    ...identityColumns(key),
    condition_name: key.condition?.name ?? null,
    condition_context: key.condition ? JSON.stringify(key.condition.context ?? {}) : null,
    revision,
    ordinal,
    written_at: writtenAt,
  };
}

export function changeRow(
  storeId: string,
  key: TupleKey,
  operation: 'write' | 'delete',
  revision: Revision,
  ordinal: number,
  writtenAt: number,
): FgaChangesTable {
  return {
    store_id: storeId,
    revision,
    ordinal,
    operation,
    object_type: splitObject(key.object)[0],
    object: key.object,
    relation: key.relation,
    user: key.user,
    condition_name: key.condition?.name ?? null,
    condition_context: key.condition ? JSON.stringify(key.condition.context ?? {}) : null,
    written_at: writtenAt,
  };
}

/** A position in write order: the write's revision and the row's place in it. */
export interface Place {
  revision: number;
  ordinal: number;
}

export function encodePlace(kind: 't' | 'c', place: Place): string {
  return Buffer.from(`${kind}:${Number(place.revision)}:${Number(place.ordinal)}`, 'utf8').toString(
    'base64url',
  );
}

/** Raises 2007 for a token this store did not make (or made for the other kind of page). */
export function decodePlace(token: string, kind: 't' | 'c'): Place {
  const match = /^([tc]):(\d{1,15}):(\d{1,16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || match[1] !== kind) {
    throw new RebacError(ErrorCode.invalid_continuation_token, 'Invalid continuation token');
  }
  return { revision: Number(match[2]), ordinal: Number(match[3]) };
}

export function afterPlace(place: Place) {
  return sql<boolean>`(revision > ${place.revision} OR (revision = ${place.revision} AND ordinal > ${place.ordinal}))`;
}

/**
 * A type restriction's tuples as Check reads them (readUsersAndUsersets): the named users' tuples first, in the
 * order of `users`, then the others in the order given.
 */
export function namedUsersFirst(tuples: readonly TupleKey[], users: readonly string[]): readonly TupleKey[] {
  if (users.length === 0 || tuples.length === 0) return tuples;
  const named: TupleKey[] = [];
  for (const user of users) {
    const tuple = tuples.find((candidate) => candidate.user === user);
    if (tuple) named.push(tuple);
  }
  if (named.length === 0) return tuples;
  const wanted = new Set(users);
  for (const tuple of tuples) if (!wanted.has(tuple.user)) named.push(tuple);
  return named;
}
