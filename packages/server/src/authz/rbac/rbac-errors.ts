// The refusals of organizations and roles, each with a stable code and naming the thing it is about; the CLI prints
// them on one line and the admin API will render them as JSON.
import { TesseraError } from '../../tessera-error.js';

/** A name or permission that breaks its rules (rbac-names.ts); `field` says which input. */
export class RbacNameError extends TesseraError {
  constructor(
    readonly code: 'invalid_organization_name' | 'invalid_role_name' | 'invalid_permission',
    message: string,
  ) {
    super(message, { field: code === 'invalid_permission' ? 'permissions' : 'name' });
    this.name = 'RbacNameError';
  }
}

/** Something named that is not there: an organization, a role, a permission of a role, a client. */
export class RbacNotFoundError extends TesseraError {
  constructor(
    readonly code: 'organization_not_found' | 'role_not_found' | 'permission_not_found' | 'client_not_found',
    message: string,
  ) {
    super(message, { status: 404 });
    this.name = 'RbacNotFoundError';
  }
}

/**
 * A change that contradicts what is stored: a name taken, a member added twice or not there, a role in use deleted
 * without force, an organization role given where only a global one can be, a member left without a role.
 */
export class RbacConflictError extends TesseraError {
  constructor(
    readonly code:
      | 'organization_exists'
      | 'role_exists'
      | 'already_member'
      | 'not_a_member'
      | 'role_in_use'
      | 'role_not_global'
      | 'role_required'
      | 'role_not_held'
      | 'roles_need_client_credentials',
    message: string,
  ) {
    super(message, { status: 409 });
    this.name = 'RbacConflictError';
  }
}
