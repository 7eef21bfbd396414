// The rules for the names of organizations and roles and for permissions: checked once, when they are written, so
// that every token, URL and relationship that carries them can trust them.
import { RbacNameError } from './rbac-errors.js';

// URL-safe and DNS-label-like: lower-case letters, digits and inner hyphens, 1 to 63 characters. Never an upper-case
// letter, so a name cannot be mistaken for an organization id (a ULID, upper-case).
const ORGANIZATION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A role name is also a relation of the `organization` type the ReBAC engine will see (`organization:<id>#admin`),
// so it keeps to what a relation name may hold, and is never `member`, the relation every member has.
const ROLE_NAME = /^[a-z][a-z0-9_-]{0,49}$/;
const RESERVED_ROLE_NAMES = new Set(['member']);
// `resource:action`, flat: one colon, no spaces, no wildcards.
const PERMISSION = /^[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}$/;

export function checkOrganizationName(name: string): string {
  if (!ORGANIZATION_NAME.test(name)) {
    throw new RbacNameError(
      'invalid_organization_name',
      `organization name ${JSON.stringify(name)} must be 1 to 63 lower-case letters, digits and inner hyphens`,
    );
  }
  return name;
}

export function checkRoleName(name: string): string {
  if (!ROLE_NAME.test(name)) {
    throw new RbacNameError(
      'invalid_role_name',
      `role name ${JSON.stringify(name)} must start with a lower-case letter and hold up to 50 lower-case ` +
        'letters, digits, hyphens and underscores',
    );
  }
  if (RESERVED_ROLE_NAMES.has(name)) {
    throw new RbacNameError('invalid_role_name', `role name ${JSON.stringify(name)} is reserved`);
  }
  return name;
}

/** The permissions, each checked, once each, sorted (a role's permissions are a set). */
export function checkPermissions(permissions: readonly string[]): string[] {
  for (const permission of permissions) {
    if (!PERMISSION.test(permission)) {
      throw new RbacNameError(
        'invalid_permission',
        `permission ${JSON.stringify(permission)} must be resource:action, such as posts:read`,
      );
    }
  }
  return [...new Set(permissions)].sort();
}
