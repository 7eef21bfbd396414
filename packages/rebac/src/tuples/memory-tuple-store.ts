// The in-memory TupleStore: indexed both ways (object#relation -> user type -> user, and user#relation#type ->
// object) so that Check and ListObjects make exact lookups; for tests, embedding, and as the reference backend.
import { getOrCreate } from '../map-utils.js';
import { assertRevisionReached, decodePosition, encodePosition } from './consistency-token.js';
import type { StoredTuple, TupleKey } from './tuple-key.js';
import { parseUser, tupleKeyToString, typeOf, userTypeReference } from './tuple-key.js';
import type {
  ChangeFilter,
  CombinedForwardTupleReader,
  Page,
  PageRequest,
  ReadOptions,
  Revision,
  SyncForwardTupleReader,
  SyncReverseTupleReader,
  TupleChange,
  TupleFilter,
  TupleIdentity,
  TupleStore,
  TupleWriteRequest,
  WriteOutcome,
} from './tuple-store.js';

interface Entry {
  readonly key: TupleKey;
  readonly timestamp: Date;
  readonly seq: number;
}

/** The tuples of one object#relation, by user and by user type reference, with the lists reads hand out. */
class RelationBucket {
  readonly byUser = new Map<string, Entry>();
  readonly byType = new Map<string, Map<string, Entry>>();
  #all: TupleKey[] | undefined;
  readonly #ofType = new Map<string, TupleKey[]>();

  add(entry: Entry, typeRef: string): void {
    this.byUser.set(entry.key.user, entry);
    getOrCreate(this.byType, typeRef, () => new Map()).set(entry.key.user, entry);
    this.#forget(typeRef);
  }

  remove(user: string, typeRef: string): void {
    this.byUser.delete(user);
    const users = this.byType.get(typeRef);
    users?.delete(user);
    if (users?.size === 0) this.byType.delete(typeRef);
    this.#forget(typeRef);
  }

  /** Every tuple; the same array until the bucket changes (callers never mutate it). */
  all(): readonly TupleKey[] {
    this.#all ??= Array.from(this.byUser.values(), (entry) => entry.key);
    return this.#all;
  }

  ofType(typeRef: string): readonly TupleKey[] {
    let list = this.#ofType.get(typeRef);
    if (!list) {
      list = Array.from(this.byType.get(typeRef)?.values() ?? [], (entry) => entry.key);
      this.#ofType.set(typeRef, list);
    }
    return list;
  }

  #forget(typeRef: string): void {
    this.#all = undefined;
    this.#ofType.delete(typeRef);
  }
}

/** The tuples of one user#relation on objects of one type (the reverse index), with the list reads hand out. */
class ReverseBucket {
  readonly byObject = new Map<string, Entry>();
  #list: readonly TupleKey[] | undefined;

  set(object: string, entry: Entry): void {
    this.byObject.set(object, entry);
    this.#list = undefined;
  }

  delete(object: string): void {
    this.byObject.delete(object);
    this.#list = undefined;
  }

  /** Every tuple; the same array until the bucket changes (callers never mutate it). */
  list(): readonly TupleKey[] {
    this.#list ??= Array.from(this.byObject.values(), (entry) => entry.key);
    return this.#list;
  }
}

export interface MemoryTupleStoreOptions {
  /** The clock stamped on tuples and changes; tests freeze it. */
  readonly now?: () => Date;
}

export class MemoryTupleStore
  implements TupleStore, SyncForwardTupleReader, SyncReverseTupleReader, CombinedForwardTupleReader
{
  readonly #now: () => Date;
  #revision: Revision = 0;
  #seq = 0;
  readonly #byIdentity = new Map<string, Entry>();
  /** object -> relation -> bucket: Check's lookups, keyed by the strings themselves (their hashes are cached). */
  readonly #forward = new Map<string, Map<string, RelationBucket>>();
  /** user -> relation -> object type -> objects: ListObjects' and the user-side memberships' lookups. */
  readonly #reverse = new Map<string, Map<string, Map<string, ReverseBucket>>>();
  readonly #changes: TupleChange[] = [];

  constructor(options: MemoryTupleStoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /** The number of tuples stored. */
  get size(): number {
    return this.#byIdentity.size;
  }

  async currentRevision(): Promise<Revision> {
    return this.#revision;
  }

  async readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    return this.readTupleSync(identity, options);
  }

  readTupleSync(identity: TupleIdentity, options?: ReadOptions): TupleKey | undefined {
    if (options?.minRevision !== undefined) assertRevisionReached(this.#revision, options);
    return this.#forward.get(identity.object)?.get(identity.relation)?.byUser.get(identity.user)?.key;
  }

  async readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.readByObjectRelationSync(object, relation, userTypes, options);
  }

  readByObjectRelationSync(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    if (options?.minRevision !== undefined) assertRevisionReached(this.#revision, options);
    const bucket = this.#forward.get(object)?.get(relation);
    if (!bucket) return EMPTY;
    if (!userTypes) return bucket.all();
    if (userTypes.size === 1) {
      for (const type of userTypes) return bucket.ofType(type);
    }
    const out: TupleKey[] = [];
    for (const type of userTypes) out.push(...bucket.ofType(type));
    return out;
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

  readUsersAndUsersetsSync(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    if (options?.minRevision !== undefined) assertRevisionReached(this.#revision, options);
    const bucket = this.#forward.get(object)?.get(relation);
    if (!bucket) return EMPTY;
    let out: TupleKey[] | undefined;
    for (const user of users) {
      const entry = bucket.byUser.get(user);
      if (!entry) continue;
      out ??= [];
      out.push(entry.key);
    }
    for (const type of usersetTypes) {
      const ofType = bucket.ofType(type);
      if (ofType.length === 0) continue;
      // Nothing found yet and one type: hand out the bucket's own list, as readByObjectRelation does.
      if (!out && usersetTypes.size === 1) return ofType;
      out ??= [];
      for (const tuple of ofType) out.push(tuple);
    }
    return out ?? EMPTY;
  }

  async readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.readByUserSync(user, relation, objectType, options);
  }

  readByUserSync(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    if (options?.minRevision !== undefined) assertRevisionReached(this.#revision, options);
    const objects = this.#reverse.get(user)?.get(relation)?.get(objectType);
    return objects ? objects.list() : EMPTY;
  }

  async readPage(filter: TupleFilter, page: PageRequest, options?: ReadOptions): Promise<Page<StoredTuple>> {
    assertRevisionReached(this.#revision, options);
    const after = page.continuationToken === undefined ? -1 : decodePosition(page.continuationToken);
    const objectPrefix = filter.object?.endsWith(':') ? filter.object : undefined;
    const items: StoredTuple[] = [];
    let last = -1;
    let more = false;
    for (const entry of this.#byIdentity.values()) {
      if (entry.seq <= after) continue;
      const key = entry.key;
      if (
        objectPrefix !== undefined
          ? !key.object.startsWith(objectPrefix)
          : filter.object && key.object !== filter.object
      )
        continue;
      if (filter.relation && key.relation !== filter.relation) continue;
      if (filter.user && key.user !== filter.user) continue;
      if (items.length === page.pageSize) {
        more = true;
        break;
      }
      items.push({ key, timestamp: entry.timestamp });
      last = entry.seq;
    }
    return more ? { items, continuationToken: encodePosition(last) } : { items };
  }

  async write(request: TupleWriteRequest): Promise<WriteOutcome> {
    const onDuplicate = request.onDuplicate ?? 'error';
    const onMissing = request.onMissing ?? 'error';
    // Decide everything before changing anything: the request applies whole or not at all.
    const deletes: Entry[] = [];
    for (const identity of request.deletes) {
      const entry = this.#byIdentity.get(tupleKeyToString(identity));
      if (entry) deletes.push(entry);
      else if (onMissing === 'error') return { outcome: 'missing', tuple: identity };
    }
    const deleted = new Set(deletes.map((entry) => tupleKeyToString(entry.key)));
    const writes: TupleKey[] = [];
    for (const key of request.writes) {
      const id = tupleKeyToString(key);
      if (this.#byIdentity.has(id) && !deleted.has(id)) {
        if (onDuplicate === 'error') return { outcome: 'duplicate', tuple: key };
        continue;
      }
      writes.push(key);
    }
    if (deletes.length === 0 && writes.length === 0) return { outcome: 'written', revision: this.#revision };
    const revision = this.#revision + 1;
    const timestamp = this.#now();
    for (const entry of deletes) {
      this.#remove(entry);
      this.#changes.push({ key: entry.key, operation: 'delete', timestamp, revision });
    }
    for (const key of writes) {
      this.#insert(freezeKey(key), timestamp);
      this.#changes.push({ key, operation: 'write', timestamp, revision });
    }
    this.#revision = revision;
    return { outcome: 'written', revision };
  }

  async readChanges(
    filter: ChangeFilter,
    page: PageRequest,
  ): Promise<Page<TupleChange> & { continuationToken: string }> {
    let start = 0;
    if (page.continuationToken !== undefined && page.continuationToken !== '') {
      start = decodePosition(page.continuationToken);
    } else if (filter.startTime) {
      const from = filter.startTime.getTime();
      start = this.#changes.findIndex((change) => change.timestamp.getTime() >= from);
      if (start < 0) start = this.#changes.length;
    }
    const items: TupleChange[] = [];
    let index = start;
    for (; index < this.#changes.length && items.length < page.pageSize; index++) {
      const change = this.#changes[index] as TupleChange;
      if (filter.objectType && typeOf(change.key.object) !== filter.objectType) continue;
      items.push(change);
    }
    return { items, continuationToken: encodePosition(index) };
  }

  #insert(key: TupleKey, timestamp: Date): void {
    const entry: Entry = { key, timestamp, seq: this.#seq++ };
    this.#byIdentity.set(tupleKeyToString(key), entry);
    const relations = getOrCreate(this.#forward, key.object, () => new Map<string, RelationBucket>());
    getOrCreate(relations, key.relation, () => new RelationBucket()).add(entry, userTypeOfString(key.user));
    const byRelation = getOrCreate(
      this.#reverse,
      key.user,
      () => new Map<string, Map<string, ReverseBucket>>(),
    );
    const byType = getOrCreate(byRelation, key.relation, () => new Map<string, ReverseBucket>());
    getOrCreate(byType, typeOf(key.object), () => new ReverseBucket()).set(key.object, entry);
  }

  #remove(entry: Entry): void {
    const key = entry.key;
    this.#byIdentity.delete(tupleKeyToString(key));
    const relations = this.#forward.get(key.object);
    const bucket = relations?.get(key.relation);
    bucket?.remove(key.user, userTypeOfString(key.user));
    if (bucket?.byUser.size === 0) relations?.delete(key.relation);
    if (relations?.size === 0) this.#forward.delete(key.object);
    const byRelation = this.#reverse.get(key.user);
    const byType = byRelation?.get(key.relation);
    const objects = byType?.get(typeOf(key.object));
    objects?.delete(key.object);
    if (objects?.byObject.size === 0) byType?.delete(typeOf(key.object));
    if (byType?.size === 0) byRelation?.delete(key.relation);
    if (byRelation?.size === 0) this.#reverse.delete(key.user);
  }
}

const EMPTY: readonly TupleKey[] = Object.freeze([]);
function userTypeOfString(user: string): string {
  const parsed = parseUser(user);
  return parsed ? userTypeReference(parsed) : user;
}

function freezeKey(key: TupleKey): TupleKey {
  const copy: TupleKey = key.condition
    ? {
        object: key.object,
        relation: key.relation,
        user: key.user,
        condition: Object.freeze({
          name: key.condition.name,
          context: structuredClone(key.condition.context ?? {}),
        }),
      }
    : { object: key.object, relation: key.relation, user: key.user };
  return Object.freeze(copy);
}
