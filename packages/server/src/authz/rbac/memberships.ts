// Who is in an organization with which roles: add a person or a machine client, change a person's roles, remove
// them, list the members. Each operation is one transaction; removing a person ends their refresh tokens there.
import { findUser } from '../../accounts/find-user.js';
import { normalizeEmail } from '../../accounts/user.js';
import { epochSeconds } from '../../clock.js';
import { findOrganization } from './find-organization.js';
import { findAssignableRoles } from './find-role.js';
import { isKeyNumber, isKeyString, listPage, type PageRequest } from './list-page.js';
import type { RbacDependencies, RbacStoreSet } from './rbac-dependencies.js';
import { RbacConflictError, RbacNotFoundError } from './rbac-errors.js';
import type { Member, MemberKey, Organization, RoleHolder } from './rbac-store.js';

type MembershipDependencies = Pick<RbacDependencies, 'transaction' | 'clock'>;

export interface MembershipChange {
  organization: string;
  /** A user's email or id, or a client id (addClientToOrganization, removeClientFromOrganization). */
  member: string;
  /** Role names, the organization's own or the catalogue's; at least one. */
  roles: readonly string[];
}

export interface MembershipOutcome {
  organization: Organization;
  holder: RoleHolder;
  /** The member's roles after the change, sorted. */
  roles: string[];
}

/** Adds the person with the roles. RbacConflictError already_member (use setMemberRoles), role_required. */
export function addMember(
  deps: MembershipDependencies,
  change: MembershipChange,
): Promise<MembershipOutcome> {
  return join(deps, change, 'user');
}

/** Gives the client roles in the organization, for its client_credentials tokens there. */
export function addClientToOrganization(
  deps: MembershipDependencies,
  change: MembershipChange,
): Promise<MembershipOutcome> {
  return join(deps, change, 'client');
}

/** Replaces the person's roles there. RbacConflictError not_a_member, role_required. */
export async function setMemberRoles(
  deps: MembershipDependencies,
  change: MembershipChange,
): Promise<MembershipOutcome> {
  requireRoles(change.roles);
  const now = epochSeconds(deps.clock);
  return deps.transaction(async (stores) => {
    const organization = await findOrganization(stores.rbac, change.organization);
    const holder = await findHolder(stores, change.member, 'user');
    if ((await stores.rbac.accessOf(holder, organization.id)) === undefined) {
      throw notAMember(change.member, organization);
    }
    const roles = await findAssignableRoles(stores.rbac, change.roles, organization);
    await stores.rbac.setMemberRoles(
      organization.id,
      holder,
      roles.map((r) => r.id),
      now,
    );
    return { organization, holder, roles: roles.map((r) => r.name).sort() };
  });
}

/**
 * Removes the person and, in the same transaction, revokes their grants whose refresh token is for this organization,
 * and their access tokens for it (of any grant). RbacConflictError not_a_member.
 */
export function removeMember(
  deps: MembershipDependencies,
  change: Omit<MembershipChange, 'roles'>,
): Promise<{ organization: Organization; holder: RoleHolder }> {
  return leave(deps, change, 'user');
}

/** Takes the client's roles in the organization; its next client_credentials request for it is refused. */
export function removeClientFromOrganization(
  deps: MembershipDependencies,
  change: Omit<MembershipChange, 'roles'>,
): Promise<{ organization: Organization; holder: RoleHolder }> {
  return leave(deps, change, 'client');
}

async function leave(
  deps: MembershipDependencies,
  change: Omit<MembershipChange, 'roles'>,
  type: RoleHolder['type'],
): Promise<{ organization: Organization; holder: RoleHolder }> {
  const now = epochSeconds(deps.clock);
  return deps.transaction(async (stores) => {
    const organization = await findOrganization(stores.rbac, change.organization);
    const holder = await findHolder(stores, change.member, type);
    if (!(await stores.rbac.removeMember(organization.id, holder)))
      throw notAMember(change.member, organization);
    // A client's tokens for itself come without refresh tokens: only a person's grants are revoked.
    if (type === 'user') {
      await stores.grants.revokeForOrganization(organization.id, holder.id, now);
      // Nor may an invitation sent before bring them back.
      await withdrawInvitations(stores, organization, holder, now);
    }
    return { organization, holder };
  });
}

export interface ListedMember extends Member {
  /** The user's email, or the client's name. */
  label: string;
}

/** The organization's members, oldest first, a page at a time (`'all'`: every one, for the CLI). */
export async function listMembers(
  deps: Pick<RbacDependencies, 'rbac' | 'users' | 'clients'>,
  reference: string,
  page: PageRequest | 'all',
): Promise<{ organization: Organization; members: ListedMember[]; next: string | undefined }> {
  const organization = await findOrganization(deps.rbac, reference);
  const { items: members, next } = await listPage(
    page,
    (keyset) => deps.rbac.listMembers(organization.id, keyset),
    (m): MemberKey => ({ since: m.since, type: m.holder.type, id: m.holder.id }),
    parseMemberKey,
  );
  const labelled = await Promise.all(
    members.map(async (member) => {
      const { type, id } = member.holder;
      const label =
        type === 'user'
          ? ((await deps.users.findById(id))?.email ?? id)
          : ((await deps.clients.findById(id))?.name ?? id);
      return { ...member, label };
    }),
  );
  return { organization, members: labelled, next };
}

function parseMemberKey(raw: unknown): MemberKey | undefined {
  const key = raw as Partial<MemberKey> | null;
  return isKeyNumber(key?.since) && (key.type === 'user' || key.type === 'client') && isKeyString(key.id)
    ? { since: key.since, type: key.type, id: key.id }
    : undefined;
}

async function join(
  deps: MembershipDependencies,
  change: MembershipChange,
  type: RoleHolder['type'],
): Promise<MembershipOutcome> {
  requireRoles(change.roles);
  const now = epochSeconds(deps.clock);
  return deps.transaction(async (stores) => {
    const organization = await findOrganization(stores.rbac, change.organization);
    const holder = await findHolder(stores, change.member, type);
    if ((await stores.rbac.accessOf(holder, organization.id)) !== undefined) {
      throw new RbacConflictError(
        'already_member',
        `${change.member} is already a member of ${organization.name}; change their roles with set-roles`,
      );
    }
    const roles = await findAssignableRoles(stores.rbac, change.roles, organization);
    await stores.rbac.addMemberRoles(
      organization.id,
      holder,
      roles.map((r) => r.id),
      now,
    );
    // Added directly: an invitation still pending would only give other roles later, or bring them back once removed.
    if (type === 'user') await withdrawInvitations(stores, organization, holder, now);
    return { organization, holder, roles: roles.map((r) => r.name).sort() };
  });
}

/** Revokes the pending invitations of the person's email to the organization. */
async function withdrawInvitations(
  stores: Pick<RbacStoreSet, 'users' | 'invitations'>,
  organization: Organization,
  holder: RoleHolder,
  now: number,
): Promise<void> {
  const user = await stores.users.findById(holder.id);
  if (user) await stores.invitations.revokePending(organization.id, normalizeEmail(user.email), now);
}

/** The holder a reference names: a user by email or id (UserNotFoundError), or a client by id. */
export async function findHolder(
  stores: Pick<RbacDependencies, 'users' | 'clients'>,
  reference: string,
  type: RoleHolder['type'],
): Promise<RoleHolder> {
  if (type === 'user') return { type, id: (await findUser(stores.users, reference)).id };
  const client = await stores.clients.findById(reference.trim());
  if (!client) throw new RbacNotFoundError('client_not_found', `no client with id ${reference}`);
  return { type, id: client.id };
}

function requireRoles(roles: readonly string[]): void {
  if (roles.length === 0) {
    throw new RbacConflictError('role_required', 'a member holds at least one role; name one or more');
  }
}

function notAMember(reference: string, organization: Organization): RbacConflictError {
  return new RbacConflictError('not_a_member', `${reference} is not a member of ${organization.name}`);
}
