// Layers a request's contextual tuples (never stored) over a store's reads: a contextual tuple with the same
// identity as a stored one replaces it for this request.
import { MemoryTupleStore } from './memory-tuple-store.js';
import type { TupleKey } from './tuple-key.js';
import { tupleKeyToString } from './tuple-key.js';
import {
  hasSyncForwardReads,
  type ReadOptions,
  type RelationshipReader,
  type SyncForwardTupleReader,
  type TupleIdentity,
} from './tuple-store.js';

/** At most this many contextual tuples per request (OpenFGA's limit). */
export const MAX_CONTEXTUAL_TUPLES = 100;

export class ContextualTupleReader implements RelationshipReader {
  readonly #store: RelationshipReader;
  protected readonly overlay = new MemoryTupleStore();
  readonly #identities = new Set<string>();

  protected constructor(store: RelationshipReader) {
    this.#store = store;
  }

  /** The store itself when there are no contextual tuples; the tuples must already be validated. */
  static async over(store: RelationshipReader, tuples: readonly TupleKey[]): Promise<RelationshipReader> {
    if (tuples.length === 0) return store;
    const reader = hasSyncForwardReads(store)
      ? new SyncContextualTupleReader(store)
      : new ContextualTupleReader(store);
    const unique = new Map<string, TupleKey>();
    for (const tuple of tuples) unique.set(tupleKeyToString(tuple), tuple);
    await reader.overlay.write({ writes: [...unique.values()], deletes: [] });
    for (const id of unique.keys()) reader.#identities.add(id);
    return reader;
  }

  async readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    return (await this.overlay.readTuple(identity)) ?? this.#store.readTuple(identity, options);
  }

  async readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    const [own, stored] = await Promise.all([
      this.overlay.readByObjectRelation(object, relation, userTypes),
      this.#store.readByObjectRelation(object, relation, userTypes, options),
    ]);
    return this.merge(own, stored);
  }

  async readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    const [own, stored] = await Promise.all([
      this.overlay.readByUser(user, relation, objectType),
      this.#store.readByUser(user, relation, objectType, options),
    ]);
    return this.merge(own, stored);
  }

  protected merge(own: readonly TupleKey[], stored: readonly TupleKey[]): readonly TupleKey[] {
    if (own.length === 0) return stored;
    return [...own, ...stored.filter((tuple) => !this.#identities.has(tupleKeyToString(tuple)))];
  }
}

/** The same layering, also answered synchronously because the store beneath can be. */
class SyncContextualTupleReader extends ContextualTupleReader implements SyncForwardTupleReader {
  readonly #sync: RelationshipReader & SyncForwardTupleReader;

  constructor(store: RelationshipReader & SyncForwardTupleReader) {
    super(store);
    this.#sync = store;
  }

  readTupleSync(identity: TupleIdentity, options?: ReadOptions): TupleKey | undefined {
    return this.overlay.readTupleSync(identity) ?? this.#sync.readTupleSync(identity, options);
  }

  readUsersAndUsersetsSync(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    // Each user's tuple as readTupleSync finds it (a contextual one wins), then the usersets merged as usual.
    const out: TupleKey[] = [];
    for (const user of users) {
      const tuple = this.readTupleSync({ object, relation, user }, options);
      if (tuple) out.push(tuple);
    }
    if (usersetTypes.size > 0)
      out.push(...this.readByObjectRelationSync(object, relation, usersetTypes, options));
    return out;
  }

  readByObjectRelationSync(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[] {
    return this.merge(
      this.overlay.readByObjectRelationSync(object, relation, userTypes),
      this.#sync.readByObjectRelationSync(object, relation, userTypes, options),
    );
  }
}
