// What RBAC keeps (organizations, the role catalogue, memberships with their roles, global roles) and the store
// contracts for it, split by role so that each caller depends on the narrowest. Implementation: store/sql-rbac-store.ts.
import type { KeysetPage } from './list-page.js';

/** Where a page of organizations starts: after this one, in the list's order (created_at, then id). */
export interface OrganizationKey {
  createdAt: number;
  id: string;
}

/** Where a page of roles starts: the catalogue first, then by organization id, then by name. */
export interface RoleKey {
  organizationId: string | null;
  name: string;
}

/** Where a page of members starts: by the time they joined, then by who they are. */
export interface MemberKey {
  since: number;
  type: RoleHolder['type'];
  id: string;
}

export interface Organization {
  /** A ULID: sortable by creation, upper-case, never a valid name. */
  id: string;
  /** Unique, URL-safe (rbac-names.ts). */
  name: string;
  createdAt: number;
}

export interface Role {
  id: string;
  /** Null for the catalogue shared by every organization (and for global roles); else the one organization's own. */
  organizationId: string | null;
  /** Unique among the catalogue and every organization's own roles together, so a name in an organization is one role. */
  name: string;
  description: string | null;
  /** `resource:action` strings, sorted, each once. */
  permissions: string[];
  createdAt: number;
  updatedAt: number;
}

/** Who holds roles: a person, or a machine client (client_credentials). */
export interface RoleHolder {
  type: 'user' | 'client';
  id: string;
}

/** The roles a holder has in one organization (or globally) and the union of their permissions, each sorted. */
export interface Access {
  roles: string[];
  permissions: string[];
}

export interface Member {
  holder: RoleHolder;
  /** Names of the member's roles in the organization, sorted; never empty. */
  roles: string[];
  /** When the member joined. */
  since: number;
}

export interface OrganizationStore {
  /** Throws RbacConflictError organization_exists when the name is taken. */
  createOrganization(organization: Organization): Promise<void>;
  findOrganizationById(id: string): Promise<Organization | undefined>;
  findOrganizationByName(name: string): Promise<Organization | undefined>;
  /** Oldest first (created_at, then id); a page of them from just after `page.after`. */
  listOrganizations(page?: KeysetPage<OrganizationKey>): Promise<Organization[]>;
  /** How many members each of the organizations has (0 for none). */
  countMembers(organizationIds: readonly string[]): Promise<Map<string, number>>;
  /** Gives the organization a new name; its id stays. False when there is none; organization_exists when taken. */
  renameOrganization(id: string, name: string): Promise<boolean>;
  /** Deletes the organization, its own roles and its memberships. False when there was none. */
  deleteOrganization(id: string): Promise<boolean>;
}

export interface RoleStore {
  /** Stores the role with its permissions; RbacConflictError role_exists when its scope already has the name. */
  createRole(role: Role): Promise<void>;
  /** The role named `name` among the catalogue (organizationId null) or one organization's own roles. */
  findRole(name: string, organizationId: string | null): Promise<Role | undefined>;
  findRoleById(id: string): Promise<Role | undefined>;
  /**
   * Every role (catalogue first, then by organization, by name); with an organization (null: the catalogue), only
   * that one's own, and with `withCatalogue` the catalogue's too. A page of them from just after `page.after`.
   */
  listRoles(
    filter?: { organizationId: string | null; withCatalogue?: boolean },
    page?: KeysetPage<RoleKey>,
  ): Promise<Role[]>;
  /** Replaces what is given; false when there is no such role. */
  updateRole(
    id: string,
    changes: { description?: string | null; permissions?: string[] },
    now: number,
  ): Promise<boolean>;
  /** How many members and global holders have the role. */
  countRoleHolders(id: string): Promise<number>;
  /** The memberships in which the role is the holder's only role: deleting the role ends them. */
  soleRoleMemberships(id: string): Promise<{ organizationId: string; holder: RoleHolder }[]>;
  /** Deletes the role and takes it from everyone holding it. False when there was none. */
  deleteRole(id: string): Promise<boolean>;
}

/**
 * Memberships, one row per (organization, holder, role) in one table, so that a tuple reader can expose them as
 * `organization:<id>#member@user:<id>` (any row) and `organization:<id>#<role>@user:<id>` (each row). A member always
 * has at least one role: a holder without rows is not a member.
 */
export interface MembershipStore {
  /** Adds roles to the holder in the organization (a role held already stays as it was). */
  addMemberRoles(organizationId: string, holder: RoleHolder, roleIds: string[], now: number): Promise<void>;
  /** Replaces the holder's roles in the organization; keeps the time it joined. */
  setMemberRoles(organizationId: string, holder: RoleHolder, roleIds: string[], now: number): Promise<void>;
  /** False when the holder was not a member. */
  removeMember(organizationId: string, holder: RoleHolder): Promise<boolean>;
  /** The organization's members, oldest first (then by holder); a page of them from just after `page.after`. */
  listMembers(organizationId: string, page?: KeysetPage<MemberKey>): Promise<Member[]>;
  /** The organizations the holder is a member of, by name. */
  organizationsOf(holder: RoleHolder): Promise<Organization[]>;
  /** Gives a catalogue role to the holder outside any organization. False when it had it already. */
  addGlobalRole(holder: RoleHolder, roleId: string, now: number): Promise<boolean>;
  /** Replaces the holder's global roles with these (none: takes them all). */
  setGlobalRoles(holder: RoleHolder, roleIds: string[], now: number): Promise<void>;
  /** False when the holder did not have it. */
  removeGlobalRole(holder: RoleHolder, roleId: string): Promise<boolean>;
  /** Forgets every membership and global role of the holder (a deleted client). */
  forgetHolder(holder: RoleHolder): Promise<void>;
}

/** What token issuance reads, at every issue: never cached, so a change shows at the next token. */
export interface AccessReader {
  /**
   * The holder's roles and permissions in the organization, or undefined when it is not a member; with null, its
   * global roles (possibly none).
   */
  accessOf(holder: RoleHolder, organizationId: string | null): Promise<Access | undefined>;
}

/**
 * What the ReBAC engine reads of memberships (authz/rbac/organization-tuple-store.ts), straight from the membership
 * table at every read: never cached, so a Check right after a membership change sees it. `role` null means any role
 * (the `member` relation); otherwise a role's name, the organization's own or the catalogue's.
 */
export interface MembershipRelationReader {
  /** Whether the holder is a member of the organization (role null) or holds the role named `role` there. */
  holdsRelation(organizationId: string, holder: RoleHolder, role: string | null): Promise<boolean>;
  /** The holders of the given types that are members (role null) or hold the role there, in no set order. */
  holdersOf(
    organizationId: string,
    role: string | null,
    types: readonly RoleHolder['type'][],
  ): Promise<RoleHolder[]>;
  /** The ids of the organizations where the holder is a member (role null) or holds the role, in no set order. */
  organizationIdsOf(holder: RoleHolder, role: string | null): Promise<string[]>;
}

export interface RbacStore
  extends OrganizationStore,
    RoleStore,
    MembershipStore,
    AccessReader,
    MembershipRelationReader {}
