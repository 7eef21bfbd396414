// The in-memory TupleStore: indexed both ways (object#relation -> user type -> user, and user#relation#type ->
// object) so that Check and ListObjects make exact lookups; for tests, embedding, and as the reference backend.
import { getOrCreate } from '../map-utils.js';
import { assertRevisionReached, decodePosition, encodePosition } from './consistency-token.js';
import type { StoredTuple, TupleKey } from './tuple-key.js';
import { parseUser, tupleKeyToString, typeOf, userTypeReference } from './tuple-key.js';
import type {
  ChangeFilter,
  Page,
  PageRequest,
  ReadOptions,
  Revision,
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

export interface MemoryTupleStoreOptions {
  /** The clock stamped on tuples and changes; tests freeze it. */
  readonly now?: () => Date;
}

export class MemoryTupleStore implements TupleStore {
  readonly #now: () => Date;
  #revision: Revision = 0;
  #seq = 0;
  readonly #byIdentity = new Map<string, Entry>();
  readonly #forward = new Map<string, Map<string, Map<string, Entry>>>();
  readonly #reverse = new Map<string, Map<string, Entry>>();
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
    assertRevisionReached(this.#revision, options);
    return this.#byIdentity.get(tupleKeyToString(identity))?.key;
  }

  async readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    assertRevisionReached(this.#revision, options);
    const byType = this.#forward.get(`${object}#${relation}`);
    if (!byType) return [];
    const out: TupleKey[] = [];
    if (userTypes) {
      for (const type of userTypes) {
        const users = byType.get(type);
        if (users) for (const entry of users.values()) out.push(entry.key);
      }
    } else {
      for (const users of byType.values()) for (const entry of users.values()) out.push(entry.key);
    }
    return out;
  }

  async readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    assertRevisionReached(this.#revision, options);
    const objects = this.#reverse.get(`${user}\n${relation}\n${objectType}`);
    if (!objects) return [];
    return Array.from(objects.values(), (entry) => entry.key);
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
    const forwardKey = `${key.object}#${key.relation}`;
    const byType = getOrCreate(this.#forward, forwardKey, () => new Map());
    const typeRef = userTypeOfString(key.user);
    const users = getOrCreate(byType, typeRef, () => new Map());
    users.set(key.user, entry);
    const reverseKey = `${key.user}\n${key.relation}\n${typeOf(key.object)}`;
    const objects = getOrCreate(this.#reverse, reverseKey, () => new Map());
    objects.set(key.object, entry);
  }

  #remove(entry: Entry): void {
    const key = entry.key;
    this.#byIdentity.delete(tupleKeyToString(key));
    const forwardKey = `${key.object}#${key.relation}`;
    const byType = this.#forward.get(forwardKey);
    const typeRef = userTypeOfString(key.user);
    const users = byType?.get(typeRef);
    users?.delete(key.user);
    if (users?.size === 0) byType?.delete(typeRef);
    if (byType?.size === 0) this.#forward.delete(forwardKey);
    const reverseKey = `${key.user}\n${key.relation}\n${typeOf(key.object)}`;
    const objects = this.#reverse.get(reverseKey);
    objects?.delete(key.object);
    if (objects?.size === 0) this.#reverse.delete(reverseKey);
  }
}

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
