// The admin API's organizations and their members: the operations `tessera orgs` calls, as JSON.
import { createOrganization } from '../authz/rbac/create-organization.js';
import { deleteOrganization } from '../authz/rbac/delete-organization.js';
import { inviteToOrganization, listInvitations, revokeInvitation } from '../authz/rbac/invitations.js';
import { listOrganizations } from '../authz/rbac/list-organizations.js';
import type { PageRequest } from '../authz/rbac/list-page.js';
import { addMember, listMembers, removeMember, setMemberRoles } from '../authz/rbac/memberships.js';
import type { Organization } from '../authz/rbac/rbac-store.js';
import { renameOrganization } from '../authz/rbac/rename-organization.js';
import * as json from './admin-json.js';
import type { AdminRoute, AdminRouteDependencies } from './admin-route.js';

type OrgParams = { org: string };
type MemberParams = { org: string; user: string };
type InvitationParams = { org: string; invitation: string };

export function registerOrganizationRoutes(route: AdminRoute, deps: AdminRouteDependencies): void {
  /** A list of one organization's things, a page at a time: `{organization, <field>: […], continuation_token}`. */
  const listOfOrganization = <T>(
    path: string,
    field: string,
    toJson: (item: T) => unknown,
    list: (
      org: string,
      page: PageRequest,
    ) => Promise<{ organization: Organization; items: T[]; next: string | undefined }>,
  ) =>
    route('GET', path, { params: json.organizationParams, querystring: json.pageQuery }, async (request) => {
      const { organization, items, next } = await list(
        (request.params as OrgParams).org,
        json.pageRequestOf(request.query as json.PageQuery),
      );
      return {
        organization: json.organizationJson(organization),
        ...json.pageJson(field, items.map(toJson), next),
      };
    });

  route('GET', '/organizations', { querystring: json.pageQuery }, async (request) => {
    const { items, next } = await listOrganizations(
      deps,
      json.pageRequestOf(request.query as json.PageQuery),
    );
    return json.pageJson('organizations', items.map(json.organizationJson), next);
  });
  route('POST', '/organizations', { body: json.createOrganizationBody }, async (request, reply) => {
    const { name } = request.body as { name: string };
    return reply.code(201).send(json.organizationJson(await createOrganization(deps, name)));
  });
  route(
    'PATCH',
    '/organizations/:org',
    { params: json.organizationParams, body: json.renameOrganizationBody },
    async (request) => {
      const { org } = request.params as OrgParams;
      const { after } = await renameOrganization(deps, org, (request.body as { name: string }).name);
      return json.organizationJson(after);
    },
  );
  route('DELETE', '/organizations/:org', { params: json.organizationParams }, async (request, reply) => {
    await deleteOrganization(deps, (request.params as OrgParams).org);
    return reply.code(204).send();
  });

  listOfOrganization('/organizations/:org/members', 'members', json.memberJson, async (org, page) => {
    const { organization, members, next } = await listMembers(deps, org, page);
    return { organization, items: members, next };
  });
  route(
    'POST',
    '/organizations/:org/members',
    { params: json.organizationParams, body: json.addMemberBody },
    async (request, reply) => {
      const { user, roles } = request.body as { user: string; roles: string[] };
      const outcome = await addMember(deps, {
        organization: (request.params as OrgParams).org,
        member: user,
        roles,
      });
      return reply.code(201).send({ type: 'user', id: outcome.holder.id, roles: outcome.roles });
    },
  );
  route(
    'PUT',
    '/organizations/:org/members/:user/roles',
    { params: json.memberParams, body: json.setRolesBody },
    async (request) => {
      const { org, user } = request.params as MemberParams;
      const { roles } = request.body as { roles: string[] };
      const outcome = await setMemberRoles(deps, { organization: org, member: user, roles });
      return { type: 'user', id: outcome.holder.id, roles: outcome.roles };
    },
  );
  route(
    'DELETE',
    '/organizations/:org/members/:user',
    { params: json.memberParams },
    async (request, reply) => {
      const { org, user } = request.params as MemberParams;
      await removeMember(deps, { organization: org, member: user });
      return reply.code(204).send();
    },
  );

  listOfOrganization(
    '/organizations/:org/invitations',
    'invitations',
    json.invitationJson,
    async (org, page) => {
      const { organization, invitations, next } = await listInvitations(deps, org, page);
      return { organization, items: invitations, next };
    },
  );
  route(
    'POST',
    '/organizations/:org/invitations',
    { params: json.organizationParams, body: json.inviteBody },
    async (request, reply) => {
      const body = request.body as { email: string; roles: string[]; expires_in_days?: number };
      const { invitation } = await inviteToOrganization(deps, {
        organization: (request.params as OrgParams).org,
        email: body.email,
        roles: body.roles,
        expiresInDays: body.expires_in_days,
      });
      return reply.code(201).send(json.invitationJson(invitation));
    },
  );
  route(
    'DELETE',
    '/organizations/:org/invitations/:invitation',
    { params: json.invitationParams },
    async (request, reply) => {
      const { org, invitation } = request.params as InvitationParams;
      await revokeInvitation(deps, org, invitation);
      return reply.code(204).send();
    },
  );
}
