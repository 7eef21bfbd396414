// RbacStore over Kysely (SQLite and PostgreSQL alike): organizations, roles with their permissions, memberships (one
// row per role held) and global role holders. Multi-statement writes run in one transaction (inTransaction).
import { type Selectable, sql, type Transaction } from 'kysely';
import type { KeysetPage } from '../authz/rbac/list-page.js';
import { RbacConflictError } from '../authz/rbac/rbac-errors.js';
import type {
  Access,
  Member,
  MemberKey,
  Organization,
  OrganizationKey,
  RbacStore,
  Role,
  RoleHolder,
  RoleKey,
} from '../authz/rbac/rbac-store.js';
import type { Database, OrganizationsTable, RolesTable, TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';
import { isUniqueViolation } from './unique-violation.js';

export class SqlRbacStore implements RbacStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async createOrganization(organization: Organization): Promise<void> {
    try {
      await this.#db
        .insertInto('organizations')
        .values({ id: organization.id, name: organization.name, created_at: organization.createdAt })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new RbacConflictError(
          'organization_exists',
          `an organization named ${organization.name} already exists`,
        );
      }
      throw error;
    }
  }

  async findOrganizationById(id: string): Promise<Organization | undefined> {
    const row = await this.#db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toOrganization(row);
  }

  async findOrganizationByName(name: string): Promise<Organization | undefined> {
    const row = await this.#db
      .selectFrom('organizations')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toOrganization(row);
  }

  async listOrganizations(page?: KeysetPage<OrganizationKey>): Promise<Organization[]> {
    let query = this.#db.selectFrom('organizations').selectAll();
    const after = page?.after;
    if (after) query = query.where(sql<boolean>`(created_at, id) > (${after.createdAt}, ${after.id})`);
    if (page) query = query.limit(page.limit);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toOrganization);
  }

  async countMembers(organizationIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map(organizationIds.map((id) => [id, 0]));
    if (organizationIds.length === 0) return counts;
    const rows = await this.#db
      .selectFrom('organization_members')
      .select(['organization_id', sql<number>`count(distinct holder_type || ':' || holder_id)`.as('members')])
      .where('organization_id', 'in', [...organizationIds])
      .groupBy('organization_id')
      .execute();
    for (const row of rows) counts.set(row.organization_id, Number(row.members));
    return counts;
  }

  async renameOrganization(id: string, name: string): Promise<boolean> {
    try {
      const result = await this.#db
        .updateTable('organizations')
        .set({ name })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new RbacConflictError('organization_exists', `an organization named ${name} already exists`);
      }
      throw error;
    }
  }

  async deleteOrganization(id: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('organization_members').where('organization_id', '=', id).execute();
      const ownRoles = trx.selectFrom('roles').select('id').where('organization_id', '=', id);
      await trx.deleteFrom('role_permissions').where('role_id', 'in', ownRoles).execute();
      await trx.deleteFrom('roles').where('organization_id', '=', id).execute();
      const result = await trx.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async createRole(role: Role): Promise<void> {
    try {
      await inTransaction(this.#db, async (trx) => {
        await trx
          .insertInto('roles')
          .values({
            id: role.id,
            organization_id: role.organizationId,
            name: role.name,
            description: role.description,
            created_at: role.createdAt,
            updated_at: role.updatedAt,
          })
          .execute();
        await insertPermissions(trx, role.id, role.permissions);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new RbacConflictError('role_exists', `role ${role.name} already exists`);
      throw error;
    }
  }

  async findRole(name: string, organizationId: string | null): Promise<Role | undefined> {
    const row = await this.#db
      .selectFrom('roles')
      .selectAll()
      .where('name', '=', name)
      .where('organization_id', organizationId === null ? 'is' : '=', organizationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const [role] = await this.#withPermissions([row]);
    return role;
  }

  async findRoleById(id: string): Promise<Role | undefined> {
    const row = await this.#db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [role] = await this.#withPermissions([row]);
    return role;
  }

  async listRoles(
    filter?: { organizationId: string | null; withCatalogue?: boolean },
    page?: KeysetPage<RoleKey>,
  ): Promise<Role[]> {
    let query = this.#db.selectFrom('roles').selectAll();
    if (filter !== undefined) {
      const { organizationId, withCatalogue } = filter;
      query = query.where((eb) =>
        eb.or([
          organizationId === null
            ? eb('organization_id', 'is', null)
            : eb('organization_id', '=', organizationId),
          ...(withCatalogue ? [eb('organization_id', 'is', null)] : []),
        ]),
      );
    }
    // The catalogue (null, as '') first on both dialects, then by organization and name.
    const after = page?.after;
    if (after) {
      query = query.where(
        sql<boolean>`(coalesce(organization_id, ''), name) > (${after.organizationId ?? ''}, ${after.name})`,
      );
    }
    if (page) query = query.limit(page.limit);
    const rows = await query.orderBy(sql`coalesce(organization_id, '')`).orderBy('name').execute();
    return this.#withPermissions(rows);
  }

  async updateRole(
    id: string,
    changes: { description?: string | null; permissions?: string[] },
    now: number,
  ): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      const result = await trx
        .updateTable('roles')
        .set({ description: changes.description, updated_at: now })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (changes.permissions !== undefined) {
        await trx.deleteFrom('role_permissions').where('role_id', '=', id).execute();
        await insertPermissions(trx, id, changes.permissions);
      }
      return true;
    });
  }

  async countRoleHolders(id: string): Promise<number> {
    const members = await this.#db
      .selectFrom('organization_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role_id', '=', id)
      .executeTakeFirstOrThrow();
    const global = await this.#db
      .selectFrom('global_role_holders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(members.n) + Number(global.n);
  }

  async soleRoleMemberships(id: string): Promise<{ organizationId: string; holder: RoleHolder }[]> {
    const rows = await this.#db
      .selectFrom('organization_members as m')
      .select(['m.organization_id', 'm.holder_type', 'm.holder_id'])
      .where('m.role_id', '=', id)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('organization_members as other')
              .select('other.role_id')
              .whereRef('other.organization_id', '=', 'm.organization_id')
              .whereRef('other.holder_type', '=', 'm.holder_type')
              .whereRef('other.holder_id', '=', 'm.holder_id')
              .where('other.role_id', '<>', id),
          ),
        ),
      )
      .orderBy(['m.organization_id', 'm.holder_type', 'm.holder_id'])
      .execute();
    return rows.map((row) => ({
      organizationId: row.organization_id,
      holder: { type: row.holder_type as RoleHolder['type'], id: row.holder_id },
    }));
  }

  async deleteRole(id: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('organization_members').where('role_id', '=', id).execute();
      await trx.deleteFrom('global_role_holders').where('role_id', '=', id).execute();
      await trx.deleteFrom('role_permissions').where('role_id', '=', id).execute();
      const result = await trx.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async addMemberRoles(
    organizationId: string,
    holder: RoleHolder,
    roleIds: string[],
    now: number,
  ): Promise<void> {
    if (roleIds.length === 0) return;
    await this.#db
      .insertInto('organization_members')
      .values(
        roleIds.map((roleId) => ({
          organization_id: organizationId,
          holder_type: holder.type,
          holder_id: holder.id,
          role_id: roleId,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async setMemberRoles(
    organizationId: string,
    holder: RoleHolder,
    roleIds: string[],
    now: number,
  ): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      const joined = await trx
        .selectFrom('organization_members')
        .select((eb) => eb.fn.min<number>('created_at').as('since'))
        .where('organization_id', '=', organizationId)
        .where('holder_type', '=', holder.type)
        .where('holder_id', '=', holder.id)
        .executeTakeFirst();
      await memberRows(trx, organizationId, holder).execute();
      const since = joined?.since === null || joined?.since === undefined ? now : Number(joined.since);
      await new SqlRbacStore(trx).addMemberRoles(organizationId, holder, roleIds, since);
    });
  }

  async removeMember(organizationId: string, holder: RoleHolder): Promise<boolean> {
    const result = await memberRows(this.#db, organizationId, holder).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listMembers(organizationId: string, page?: KeysetPage<MemberKey>): Promise<Member[]> {
    // The page's holders (a holder joined when its first role row was written), then their roles.
    let holders = this.#db
      .selectFrom('organization_members')
      .select(['holder_type', 'holder_id', (eb) => eb.fn.min('created_at').as('since')])
      .where('organization_id', '=', organizationId)
      .groupBy(['holder_type', 'holder_id']);
    const after = page?.after;
    if (after) {
      holders = holders.having(
        sql<boolean>`(min(created_at), holder_type, holder_id) > (${after.since}, ${after.type}, ${after.id})`,
      );
    }
    if (page) holders = holders.limit(page.limit);
    const found = await holders
      .orderBy(sql`min(created_at)`)
      .orderBy('holder_type')
      .orderBy('holder_id')
      .execute();
    if (found.length === 0) return [];
    const roleRows = await this.#db
      .selectFrom('organization_members')
      .innerJoin('roles', 'roles.id', 'organization_members.role_id')
      .select(['organization_members.holder_type', 'organization_members.holder_id', 'roles.name'])
      .where('organization_members.organization_id', '=', organizationId)
      .where(
        'organization_members.holder_id',
        'in',
        found.map((h) => h.holder_id),
      )
      .orderBy('roles.name')
      .execute();
    return found.map((holder) => ({
      holder: { type: holder.holder_type, id: holder.holder_id },
      roles: roleRows
        .filter((r) => r.holder_type === holder.holder_type && r.holder_id === holder.holder_id)
        .map((r) => r.name),
      since: Number(holder.since),
    }));
  }

  async organizationsOf(holder: RoleHolder): Promise<Organization[]> {
    const rows = await this.#db
      .selectFrom('organizations')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('organization_members')
          .select('organization_id')
          .where('holder_type', '=', holder.type)
          .where('holder_id', '=', holder.id),
      )
      .orderBy('name')
      .execute();
    return rows.map(toOrganization);
  }

  async addGlobalRole(holder: RoleHolder, roleId: string, now: number): Promise<boolean> {
    const result = await this.#db
      .insertInto('global_role_holders')
      .values({ holder_type: holder.type, holder_id: holder.id, role_id: roleId, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async setGlobalRoles(holder: RoleHolder, roleIds: string[], now: number): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      const held = await trx
        .selectFrom('global_role_holders')
        .select(['role_id', 'created_at'])
        .where('holder_type', '=', holder.type)
        .where('holder_id', '=', holder.id)
        .execute();
      await trx
        .deleteFrom('global_role_holders')
        .where('holder_type', '=', holder.type)
        .where('holder_id', '=', holder.id)
        .execute();
      if (roleIds.length === 0) return;
      // A role held before keeps the time it was given.
      const since = new Map(held.map((row) => [row.role_id, Number(row.created_at)]));
      await trx
        .insertInto('global_role_holders')
        .values(
          roleIds.map((roleId) => ({
            holder_type: holder.type,
            holder_id: holder.id,
            role_id: roleId,
            created_at: since.get(roleId) ?? now,
          })),
        )
        .execute();
    });
  }

  async removeGlobalRole(holder: RoleHolder, roleId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('global_role_holders')
      .where('holder_type', '=', holder.type)
      .where('holder_id', '=', holder.id)
      .where('role_id', '=', roleId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async forgetHolder(holder: RoleHolder): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      for (const table of ['organization_members', 'global_role_holders'] as const) {
        await trx
          .deleteFrom(table)
          .where('holder_type', '=', holder.type)
          .where('holder_id', '=', holder.id)
          .execute();
      }
    });
  }

  async accessOf(holder: RoleHolder, organizationId: string | null): Promise<Access | undefined> {
    // One query: the holder's roles there, each with its permissions (a role without any gives one null row).
    const rows =
      organizationId === null
        ? await this.#db
            .selectFrom('global_role_holders as h')
            .innerJoin('roles', 'roles.id', 'h.role_id')
            .leftJoin('role_permissions as p', 'p.role_id', 'h.role_id')
            .select(['roles.name', 'p.permission'])
            .where('h.holder_type', '=', holder.type)
            .where('h.holder_id', '=', holder.id)
            .execute()
        : await this.#db
            .selectFrom('organization_members as m')
            .innerJoin('roles', 'roles.id', 'm.role_id')
            .leftJoin('role_permissions as p', 'p.role_id', 'm.role_id')
            .select(['roles.name', 'p.permission'])
            .where('m.organization_id', '=', organizationId)
            .where('m.holder_type', '=', holder.type)
            .where('m.holder_id', '=', holder.id)
            .execute();
    if (organizationId !== null && rows.length === 0) return undefined;
    const roles = new Set(rows.map((r) => r.name));
    const permissions = new Set(rows.flatMap((r) => (r.permission === null ? [] : [r.permission])));
    return { roles: [...roles].sort(), permissions: [...permissions].sort() };
  }

  async holdsRelation(organizationId: string, holder: RoleHolder, role: string | null): Promise<boolean> {
    const row = await membershipRows(this.#db, organizationId, role)
      .select('m.holder_id')
      .where('m.holder_type', '=', holder.type)
      .where('m.holder_id', '=', holder.id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async holdersOf(
    organizationId: string,
    role: string | null,
    types: readonly RoleHolder['type'][],
  ): Promise<RoleHolder[]> {
    if (types.length === 0) return [];
    const rows = await membershipRows(this.#db, organizationId, role)
      .select(['m.holder_type', 'm.holder_id'])
      .distinct()
      .where('m.holder_type', 'in', [...types])
      .execute();
    return rows.map((row) => ({ type: row.holder_type, id: row.holder_id }));
  }

  async organizationIdsOf(holder: RoleHolder, role: string | null): Promise<string[]> {
    let query = this.#db
      .selectFrom('organization_members as m')
      .select('m.organization_id')
      .distinct()
      .where('m.holder_type', '=', holder.type)
      .where('m.holder_id', '=', holder.id);
    if (role !== null)
      query = query.innerJoin('roles', 'roles.id', 'm.role_id').where('roles.name', '=', role);
    const rows = await query.execute();
    return rows.map((row) => row.organization_id);
  }

  async #withPermissions(rows: Selectable<RolesTable>[]): Promise<Role[]> {
    if (rows.length === 0) return [];
    const permissionRows = await this.#db
      .selectFrom('role_permissions')
      .selectAll()
      .where(
        'role_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('permission')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      organizationId: row.organization_id,
      name: row.name,
      description: row.description,
      permissions: permissionRows.filter((p) => p.role_id === row.id).map((p) => p.permission),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }
}

async function insertPermissions(trx: Transaction<Database>, roleId: string, permissions: string[]) {
  if (permissions.length === 0) return;
  await trx
    .insertInto('role_permissions')
    .values(permissions.map((permission) => ({ role_id: roleId, permission })))
    .execute();
}

/** The organization's membership rows; with a role name, only those of that role (names are unique: one role). */
function membershipRows(db: TesseraDb, organizationId: string, role: string | null) {
  const rows = db.selectFrom('organization_members as m').where('m.organization_id', '=', organizationId);
  return role === null
    ? rows
    : rows.innerJoin('roles', 'roles.id', 'm.role_id').where('roles.name', '=', role);
}

function memberRows(db: TesseraDb, organizationId: string, holder: RoleHolder) {
  return db
    .deleteFrom('organization_members')
    .where('organization_id', '=', organizationId)
    .where('holder_type', '=', holder.type)
    .where('holder_id', '=', holder.id);
}

function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return { id: row.id, name: row.name, createdAt: Number(row.created_at) };
}
