// The admin API's JSON: request schemas (each field bounded; Fastify validates before any operation runs) and how
// organizations, roles and members are shown, in the same fields as the CLI's --json.
import type { ListedInvitation } from '../authz/rbac/invitations.js';
import type { ListedOrganization } from '../authz/rbac/list-organizations.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageRequest } from '../authz/rbac/list-page.js';
import type { ListedRole } from '../authz/rbac/list-roles.js';
import type { ListedMember } from '../authz/rbac/memberships.js';
import type { Access, Organization, Role } from '../authz/rbac/rbac-store.js';

/** An organization's id or name, a user's email or id, a role name: the references every path takes. */
const reference = { type: 'string', minLength: 1, maxLength: 320 } as const;
const roleNames = { type: 'array', items: reference, minItems: 1, maxItems: 50 } as const;
const permissions = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 129 },
  maxItems: 200,
} as const;
const description = { type: 'string', maxLength: 500 } as const;

const params = (...names: string[]) =>
  ({
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, reference])),
  }) as const;

export const organizationParams = params('org');
export const memberParams = params('org', 'user');
export const roleParams = params('role');
export const userParams = params('user');
export const userRoleParams = params('user', 'role');
export const invitationParams = params('org', 'invitation');

const body = (required: string[], properties: Record<string, unknown>) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

export const createOrganizationBody = body(['name'], { name: reference });
export const renameOrganizationBody = body(['name'], { name: reference });
export const addMemberBody = body(['user', 'roles'], { user: reference, roles: roleNames });
export const setRolesBody = body(['roles'], { roles: roleNames });
export const createRoleBody = body(['name'], {
  name: reference,
  permissions,
  description,
  organization: reference,
});
export const updateRoleBody = body([], {
  description,
  permissions,
  add_permissions: permissions,
  remove_permissions: permissions,
});
export const globalRoleBody = body(['role'], { role: reference });
export const inviteBody = body(['email', 'roles'], {
  email: reference,
  roles: roleNames,
  expires_in_days: { type: 'integer' },
});

/** Every list pages: `?page_size=` (1 to 100, 50 unless given) and the `continuation_token` of the page before. */
const pageFields = {
  page_size: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
  continuation_token: { type: 'string', minLength: 1, maxLength: 1024 },
} as const;
export const pageQuery = { type: 'object', additionalProperties: false, properties: pageFields } as const;
export const roleListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { organization: reference, ...pageFields },
} as const;

export interface PageQuery {
  page_size?: number;
  continuation_token?: string;
}

/** The page a list request asks for. */
export function pageRequestOf(query: PageQuery): PageRequest {
  return { size: query.page_size ?? DEFAULT_PAGE_SIZE, token: query.continuation_token };
}

/** A list's answer: its items under `field`, and the next page's token ('' on the last page, as the FGA API). */
export function pageJson<T>(field: string, items: T[], next: string | undefined) {
  return { [field]: items, continuation_token: next ?? '' };
}

/** `?organization=` names an organization's own role (or, for lists, what it can give); `?force=true` deletes one in use. */
export const roleQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { organization: reference, force: { type: 'boolean' } },
} as const;

export function organizationJson(organization: Organization | ListedOrganization) {
  return {
    id: organization.id,
    name: organization.name,
    created_at: organization.createdAt,
    ...('members' in organization && { members: organization.members }),
  };
}

export function roleJson(role: Role | ListedRole) {
  return {
    id: role.id,
    name: role.name,
    organization_id: role.organizationId,
    ...('organizationName' in role && { organization_name: role.organizationName }),
    description: role.description,
    permissions: role.permissions,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

export function memberJson(member: ListedMember) {
  return {
    type: member.holder.type,
    id: member.holder.id,
    ...(member.holder.type === 'user' ? { email: member.label } : { client_name: member.label }),
    roles: member.roles,
    joined_at: member.since,
  };
}

export function invitationJson(invitation: ListedInvitation) {
  return {
    id: invitation.id,
    email: invitation.email,
    roles: invitation.roles,
    status: invitation.status,
    created_at: invitation.createdAt,
    expires_at: invitation.expiresAt,
    accepted_at: invitation.acceptedAt,
    accepted_by: invitation.acceptedBy,
  };
}

export function accessJson(access: Access) {
  return { roles: access.roles, permissions: access.permissions };
}
