// The admin API's global roles of people (outside any organization), as `tessera users add-role|remove-role`.
import { findUser } from '../accounts/find-user.js';
import { addGlobalRole, removeGlobalRole } from '../authz/rbac/global-roles.js';
import * as json from './admin-json.js';
import type { AdminRoute, AdminRouteDependencies } from './admin-route.js';

type UserParams = { user: string };

export function registerUserRoleRoutes(route: AdminRoute, deps: AdminRouteDependencies): void {
  route('GET', '/users/:user/roles', { params: json.userParams }, async (request) => {
    const user = await findUser(deps.users, (request.params as UserParams).user);
    const access = await deps.rbac.accessOf({ type: 'user', id: user.id }, null);
    return { id: user.id, ...json.accessJson(access ?? { roles: [], permissions: [] }) };
  });
  route(
    'POST',
    '/users/:user/roles',
    { params: json.userParams, body: json.globalRoleBody },
    async (request, reply) => {
      const { outcome, holder, role } = await addGlobalRole(deps, {
        user: (request.params as UserParams).user,
        role: (request.body as { role: string }).role,
      });
      return reply.code(outcome === 'added' ? 201 : 200).send({ id: holder.id, role: role.name, outcome });
    },
  );
  route('DELETE', '/users/:user/roles/:role', { params: json.userRoleParams }, async (request, reply) => {
    const { user, role } = request.params as UserParams & { role: string };
    await removeGlobalRole(deps, { user, role });
    return reply.code(204).send();
  });
}
