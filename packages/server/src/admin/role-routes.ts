// The admin API's roles: the catalogue and organizations' own, as `tessera roles` manages them. A role is named by
// its name; `?organization=` when it is one organization's own.
import { createRole } from '../authz/rbac/create-role.js';
import { deleteRole } from '../authz/rbac/delete-role.js';
import { listRoles } from '../authz/rbac/list-roles.js';
import { updateRole } from '../authz/rbac/update-role.js';
import * as json from './admin-json.js';
import type { AdminRoute, AdminRouteDependencies } from './admin-route.js';

type RoleQuery = { organization?: string; force?: boolean };

export function registerRoleRoutes(route: AdminRoute, deps: AdminRouteDependencies): void {
  route('GET', '/roles', { querystring: json.roleListQuery }, async (request) => {
    const query = request.query as RoleQuery & json.PageQuery;
    const { items, next } = await listRoles(
      deps,
      { organization: query.organization },
      json.pageRequestOf(query),
    );
    return json.pageJson('roles', items.map(json.roleJson), next);
  });
  route('POST', '/roles', { body: json.createRoleBody }, async (request, reply) => {
    const body = request.body as {
      name: string;
      permissions?: string[];
      description?: string;
      organization?: string;
    };
    const role = await createRole(deps, { ...body, permissions: body.permissions ?? [] });
    return reply.code(201).send(json.roleJson(role));
  });
  route(
    'PATCH',
    '/roles/:role',
    { params: json.roleParams, querystring: json.roleQuery, body: json.updateRoleBody },
    async (request) => {
      const body = request.body as {
        description?: string;
        permissions?: string[];
        add_permissions?: string[];
        remove_permissions?: string[];
      };
      const role = await updateRole(deps, {
        name: (request.params as { role: string }).role,
        organization: (request.query as RoleQuery).organization,
        description: body.description,
        permissions: body.permissions,
        addPermissions: body.add_permissions,
        removePermissions: body.remove_permissions,
      });
      return json.roleJson(role);
    },
  );
  route(
    'DELETE',
    '/roles/:role',
    { params: json.roleParams, querystring: json.roleQuery },
    async (request) => {
      const { organization, force } = request.query as RoleQuery;
      const { role, holders } = await deleteRole(deps, {
        name: (request.params as { role: string }).role,
        organization,
        force,
      });
      return { role: json.roleJson(role), holders };
    },
  );
}
