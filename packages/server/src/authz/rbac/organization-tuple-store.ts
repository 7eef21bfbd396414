// Tessera's organizations as relationships the ReBAC engine sees, without any syncing: a TupleStore wrapper that
// answers the reads of Tessera's organizations (objects `organization:<id of a Tessera organization>`) from the
// membership table and hands everything else to the FGA store beneath. A customer's model declares
// `type organization` with the relations it uses (`member` and role names) and can then say `admin from organization`.
//
// Provided, for every FGA store:
//   organization:<organization id>#member@user:<user id>       every member (a user id is the `sub` of their tokens)
//   organization:<organization id>#<role name>@user:<user id>  each role a member holds there (own or catalogue role)
//   the same with client:<client id> for machine clients holding roles there (client_credentials)
// Never a wildcard or userset user, never a condition. Writes, deletes and imports of tuples on a Tessera
// organization are refused (2017): memberships change through Tessera's operations (CLI, admin API). `organization`
// objects whose id is no Tessera organization's (OpenFGA's own test models, a customer's earlier data) stay ordinary
// stored tuples, so existing models keep working; a reverse read of the type returns both. Read and ReadChanges list
// only stored tuples, so they do not show memberships.
//
// Consistency: membership reads go to the primary database at every read and are never cached, so a query made
// after a membership change sees it whatever consistency token it carries; a token is still checked against the FGA
// store's revision (2000 for a token it has not reached). The engine's cross-request Check cache (keyed by the FGA
// revision alone) must stay off over this wrapper (service/assemble-fga.ts), or it could answer from before a change.
import {
  assertRevisionReached,
  type ChangeFilter,
  type CombinedForwardTupleReader,
  ErrorCode,
  hasCombinedForwardReads,
  type Page,
  type PageRequest,
  parseObject,
  parseUser,
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
  type WriteOutcome,
} from '@tessera/rebac';
import type { TupleImport, TupleImporter } from '../fga/tuple-importer.js';
import type { TupleStores } from '../fga/tuple-stores.js';
import type { MembershipRelationReader, OrganizationStore, RoleHolder } from './rbac-store.js';

/** What the wrapper reads of RBAC: whether an id is a Tessera organization's, and the memberships. */
export type OrganizationRelationReader = MembershipRelationReader &
  Pick<OrganizationStore, 'findOrganizationById'>;

/** The object type whose tuples Tessera provides. */
export const ORGANIZATION_TYPE = 'organization';
/** The relation every member has, whatever their roles (a role can never be named so: rbac-names.ts). */
export const MEMBER_RELATION = 'member';
const HOLDER_TYPES: readonly RoleHolder['type'][] = ['user', 'client'];

/** Wraps every store of `stores` in an OrganizationTupleStore reading `memberships`. */
export class OrganizationTupleStores implements TupleStores {
  readonly #stores: TupleStores;
  readonly #memberships: OrganizationRelationReader;
  readonly #wrapped = new WeakMap<TupleStore, OrganizationTupleStore>();

  constructor(stores: TupleStores, memberships: OrganizationRelationReader) {
    this.#stores = stores;
    this.#memberships = memberships;
  }

  forStore(storeId: string): TupleStore {
    const inner = this.#stores.forStore(storeId);
    let store = this.#wrapped.get(inner);
    if (!store) {
      store = new OrganizationTupleStore(inner, this.#memberships);
      this.#wrapped.set(inner, store);
    }
    return store;
  }
}

export class OrganizationTupleStore implements TupleStore, CombinedForwardTupleReader {
  readonly #inner: TupleStore;
  readonly #memberships: OrganizationRelationReader;
  /** The highest FGA revision seen: a token at or below it needs no query to be accepted. */
  readonly #watermark = new RevisionWatermark();

  constructor(inner: TupleStore, memberships: OrganizationRelationReader) {
    this.#inner = inner;
    this.#memberships = memberships;
  }

  async readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    const organization = await this.#tesseraOrganization(identity.object);
    if (organization === undefined) return this.#inner.readTuple(identity, options);
    await this.#reached(options);
    const holder = holderOf(identity.user);
    if (!holder) return undefined;
    const held = await this.#memberships.holdsRelation(organization, holder, roleOf(identity.relation));
    return held ? { object: identity.object, relation: identity.relation, user: identity.user } : undefined;
  }

  async readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    const organization = await this.#tesseraOrganization(object);
    if (organization === undefined)
      return this.#inner.readByObjectRelation(object, relation, userTypes, options);
    await this.#reached(options);
    // A user type reference of an object user is its bare type (`user`); wildcards and usersets are never provided.
    const types = userTypes ? HOLDER_TYPES.filter((type) => userTypes.has(type)) : HOLDER_TYPES;
    const holders = await this.#memberships.holdersOf(organization, roleOf(relation), types);
    return holders.map((holder) => ({ object, relation, user: `${holder.type}:${holder.id}` }));
  }

  /** The combined read (CombinedForwardTupleReader), delegated when the store beneath has it. */
  async readUsersAndUsersets(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    const organization = await this.#tesseraOrganization(object);
    if (organization === undefined && hasCombinedForwardReads(this.#inner)) {
      return this.#inner.readUsersAndUsersets(object, relation, users, usersetTypes, options);
    }
    // Each user's tuple as readTuple finds it, then the usersets (never any on a Tessera organization).
    const found: TupleKey[] = [];
    for (const user of users) {
      const tuple = await this.readTuple({ object, relation, user }, options);
      if (tuple) found.push(tuple);
    }
    if (usersetTypes.size > 0)
      found.push(...(await this.readByObjectRelation(object, relation, usersetTypes, options)));
    return found;
  }

  async readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    const stored = await this.#inner.readByUser(user, relation, objectType, options);
    if (objectType !== ORGANIZATION_TYPE) return stored;
    const holder = holderOf(user);
    if (!holder) return stored;
    const ids = await this.#memberships.organizationIdsOf(holder, roleOf(relation));
    return [...stored, ...ids.map((id) => ({ object: `${ORGANIZATION_TYPE}:${id}`, relation, user }))];
  }

  readPage(filter: TupleFilter, page: PageRequest, options?: ReadOptions): Promise<Page<StoredTuple>> {
    return this.#inner.readPage(filter, page, options);
  }

  readChanges(
    filter: ChangeFilter,
    page: PageRequest,
  ): Promise<Page<TupleChange> & { continuationToken: string }> {
    return this.#inner.readChanges(filter, page);
  }

  async write(request: TupleWriteRequest): Promise<WriteOutcome> {
    await refuseProvidedTuples(this.#memberships, [...request.writes, ...request.deletes]);
    const outcome = await this.#inner.write(request);
    if (outcome.outcome === 'written') this.#watermark.saw(outcome.revision);
    return outcome;
  }

  async currentRevision(): Promise<Revision> {
    return this.#watermark.saw(await this.#inner.currentRevision());
  }

  /** The id of the Tessera organization `object` is, or undefined for any other object. */
  async #tesseraOrganization(object: string): Promise<string | undefined> {
    const id = organizationIdOf(object);
    return id !== undefined && (await this.#memberships.findOrganizationById(id)) ? id : undefined;
  }

  async #reached(options: ReadOptions | undefined): Promise<void> {
    if (this.#watermark.covers(options)) return;
    assertRevisionReached(await this.currentRevision(), options);
  }
}

/** Refuses imports (`tessera fga tuples import`) of tuples on Tessera's organizations, as Write does. */
export class OrganizationGuardedImporter implements TupleImporter {
  readonly #inner: TupleImporter;
  readonly #organizations: Pick<OrganizationStore, 'findOrganizationById'>;

  constructor(inner: TupleImporter, organizations: Pick<OrganizationStore, 'findOrganizationById'>) {
    this.#inner = inner;
    this.#organizations = organizations;
  }

  async importTuples(
    storeId: string,
    tuples: readonly TupleKey[],
    onProgress?: (sent: number) => void,
  ): Promise<TupleImport> {
    await refuseProvidedTuples(this.#organizations, tuples);
    return this.#inner.importTuples(storeId, tuples, onProgress);
  }
}

/** 2017 for the first tuple on a Tessera organization: its tuples are the memberships, never stored. */
async function refuseProvidedTuples(
  organizations: Pick<OrganizationStore, 'findOrganizationById'>,
  tuples: readonly TupleIdentity[],
): Promise<void> {
  // One look-up per organization named, whatever the number of its tuples.
  const known = new Map<string, boolean>();
  for (const tuple of tuples) {
    const id = organizationIdOf(tuple.object);
    if (id === undefined) continue;
    let isTessera = known.get(id);
    if (isTessera === undefined) {
      isTessera = (await organizations.findOrganizationById(id)) !== undefined;
      known.set(id, isTessera);
    }
    if (isTessera) throw providedTupleRefused(tuple);
  }
}

/** 2017, naming the tuple and where memberships are changed instead. */
function providedTupleRefused(tuple: TupleIdentity): RebacError {
  return new RebacError(
    ErrorCode.write_failed_due_to_invalid_input,
    `cannot write or delete ${tuple.object}#${tuple.relation}@${tuple.user}: ${tuple.object} is a Tessera ` +
      'organization, whose tuples are its memberships; change them with `tessera orgs` or the admin API',
  );
}

// Tessera's organization ids are ULIDs (create-organization.ts): anything else is never looked up.
const ORGANIZATION_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The id of an `organization:<id>` object that could be a Tessera organization's, else undefined. */
function organizationIdOf(object: string): string | undefined {
  const parsed = parseObject(object);
  return parsed?.type === ORGANIZATION_TYPE && ORGANIZATION_ID.test(parsed.id) ? parsed.id : undefined;
}

function roleOf(relation: string): string | null {
  return relation === MEMBER_RELATION ? null : relation;
}

/** `user:<id>` or `client:<id>`; anything else (a wildcard, a userset, another type) holds no membership. */
function holderOf(user: string): RoleHolder | undefined {
  const parsed = parseUser(user);
  if (parsed?.kind !== 'object') return undefined;
  return parsed.type === 'user' || parsed.type === 'client'
    ? { type: parsed.type, id: parsed.id }
    : undefined;
}
