// Creates a role in the catalogue (shared by every organization, and global) or as one organization's own.
import { ulid } from 'ulid';
import { epochSeconds } from '../../clock.js';
import { findOrganization } from './find-organization.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { RbacConflictError } from './rbac-errors.js';
import { checkPermissions, checkRoleName } from './rbac-names.js';
import type { Role } from './rbac-store.js';

export interface NewRole {
  name: string;
  permissions: string[];
  description?: string | undefined;
  /** Id or name of the organization the role is its own; undefined for the catalogue. */
  organization?: string | undefined;
}

/**
 * Checks the name and permissions (RbacNameError) and stores the role. A name is one role wherever it can be given,
 * so it may be neither a catalogue role's nor, for a catalogue role, any organization's own (RbacConflictError
 * role_exists). Throws RbacNotFoundError organization_not_found.
 */
export async function createRole(
  deps: Pick<RbacDependencies, 'transaction' | 'clock'>,
  input: NewRole,
): Promise<Role> {
  const name = checkRoleName(input.name);
  const permissions = checkPermissions(input.permissions);
  const description = input.description?.trim() || null;
  const now = epochSeconds(deps.clock);
  return deps.transaction(async ({ rbac }) => {
    const organization =
      input.organization === undefined ? null : await findOrganization(rbac, input.organization);
    const clash =
      organization === null
        ? (await rbac.listRoles()).find((role) => role.name === name)
        : await rbac.findRole(name, null);
    if (clash) {
      const where = clash.organizationId === null ? 'in the catalogue' : 'as an organization role';
      throw new RbacConflictError('role_exists', `a role named ${name} already exists ${where}`);
    }
    const role: Role = {
      id: ulid(),
      organizationId: organization?.id ?? null,
      name,
      description,
      permissions,
      createdAt: now,
      updatedAt: now,
    };
    await rbac.createRole(role);
    return role;
  });
}
