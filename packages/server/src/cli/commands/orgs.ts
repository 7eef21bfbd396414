// `tessera orgs create|list|rename|delete|add-member|set-roles|remove-member|members|add-client|remove-client`: organizations
// and who is in them with which roles. ORG is an organization's id or name, USER an account's email or id.
import type { Command } from 'commander';
import { createOrganization } from '../../authz/rbac/create-organization.js';
import { deleteOrganization } from '../../authz/rbac/delete-organization.js';
import { listOrganizations } from '../../authz/rbac/list-organizations.js';
import {
  addClientToOrganization,
  addMember,
  listMembers,
  type MembershipOutcome,
  removeClientFromOrganization,
  removeMember,
  setMemberRoles,
} from '../../authz/rbac/memberships.js';
import { renameOrganization } from '../../authz/rbac/rename-organization.js';
import type { CliRun } from '../cli-run.js';
import { formatTable, formatTime, withRuntime } from '../with-runtime.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function describeRoles(outcome: MembershipOutcome): string {
  return `${outcome.roles.join(', ')} in ${outcome.organization.name}`;
}

export function registerOrganizationCommands(program: Command, run: CliRun): void {
  const { stdout } = run.io;
  const orgs = program.command('orgs').description('manage organizations and their members');

  orgs
    .command('create')
    .description('create an organization')
    .argument('<name>', 'unique and URL-safe: lower-case letters, digits and inner hyphens')
    .option('--json', 'print {"id": …, "name": …}')
    .action(async (name: string, options: { json?: boolean }) => {
      const organization = await withRuntime(run, ({ stores, clock }) =>
        createOrganization({ ...stores, clock }, name),
      );
      stdout.write(
        options.json
          ? `${JSON.stringify({ id: organization.id, name: organization.name })}\n`
          : `created organization ${organization.name} (${organization.id})\n`,
      );
    });

  orgs
    .command('list')
    .description('list organizations')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(run, ({ stores }) => listOrganizations(stores));
      if (options.json) {
        const json = list.map((o) => ({
          id: o.id,
          name: o.name,
          members: o.members,
          created_at: o.createdAt,
        }));
        stdout.write(`${JSON.stringify(json)}\n`);
        return;
      }
      stdout.write(
        formatTable(
          list.map((o) => ({
            id: o.id,
            name: o.name,
            members: String(o.members),
            created: formatTime(o.createdAt),
          })),
          ['id', 'name', 'members', 'created'],
        ),
      );
    });

  orgs
    .command('rename')
    .description(
      'give an organization a new name; its id, members and tokens stay (org_name changes at the next token)',
    )
    .argument('<org>', 'id or name')
    .argument('<name>', 'the new name: lower-case letters, digits and inner hyphens')
    .action(async (reference: string, name: string) => {
      const { before, after } = await withRuntime(run, ({ stores }) =>
        renameOrganization(stores, reference, name),
      );
      stdout.write(`renamed organization ${before.name} to ${after.name} (${after.id})
`);
    });

  orgs
    .command('delete')
    .description('delete an organization with its own roles and memberships; its refresh tokens stop working')
    .argument('<org>', 'id or name')
    .action(async (reference: string) => {
      const organization = await withRuntime(run, ({ stores, clock }) =>
        deleteOrganization({ ...stores, clock }, reference),
      );
      stdout.write(`deleted organization ${organization.name} (${organization.id})\n`);
    });

  orgs
    .command('add-member')
    .description('add a person to an organization with one or more roles')
    .argument('<org>', 'id or name')
    .argument('<user>', 'email or id')
    .option(
      '--role <role>',
      'a role, the organization’s own or the catalogue’s (repeatable; at least one)',
      collect,
      [],
    )
    .action(async (organization: string, member: string, options: { role: string[] }) => {
      const outcome = await withRuntime(run, ({ stores, clock }) =>
        addMember({ ...stores, clock }, { organization, member, roles: options.role }),
      );
      stdout.write(`added ${member} as ${describeRoles(outcome)}\n`);
    });

  orgs
    .command('set-roles')
    .description('replace a member’s roles; they show in the member’s next token')
    .argument('<org>', 'id or name')
    .argument('<user>', 'email or id')
    .option('--role <role>', 'a role (repeatable; at least one)', collect, [])
    .action(async (organization: string, member: string, options: { role: string[] }) => {
      const outcome = await withRuntime(run, ({ stores, clock }) =>
        setMemberRoles({ ...stores, clock }, { organization, member, roles: options.role }),
      );
      stdout.write(`${member} is now ${describeRoles(outcome)}\n`);
    });

  orgs
    .command('remove-member')
    .description('remove a person from an organization; their refresh tokens for it stop working')
    .argument('<org>', 'id or name')
    .argument('<user>', 'email or id')
    .action(async (organization: string, member: string) => {
      const outcome = await withRuntime(run, ({ stores, clock }) =>
        removeMember({ ...stores, clock }, { organization, member }),
      );
      stdout.write(`removed ${member} from ${outcome.organization.name}\n`);
    });

  orgs
    .command('members')
    .description('list an organization’s members (people and clients) with their roles')
    .argument('<org>', 'id or name')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: { json?: boolean }) => {
      const { members } = await withRuntime(run, ({ stores }) => listMembers(stores, reference));
      if (options.json) {
        const json = members.map((m) => ({
          type: m.holder.type,
          id: m.holder.id,
          ...(m.holder.type === 'user' ? { email: m.label } : { client_name: m.label }),
          roles: m.roles,
          joined_at: m.since,
        }));
        stdout.write(`${JSON.stringify(json)}\n`);
        return;
      }
      stdout.write(
        formatTable(
          members.map((m) => ({
            type: m.holder.type,
            id: m.holder.id,
            name: m.label,
            roles: m.roles.join(' '),
            joined: formatTime(m.since),
          })),
          ['type', 'id', 'name', 'roles', 'joined'],
        ),
      );
    });

  orgs
    .command('add-client')
    .description('give a machine client roles in an organization, for its client_credentials tokens there')
    .argument('<org>', 'id or name')
    .argument('<client>', 'client_id')
    .option('--role <role>', 'a role (repeatable; at least one)', collect, [])
    .action(async (organization: string, member: string, options: { role: string[] }) => {
      const outcome = await withRuntime(run, ({ stores, clock }) =>
        addClientToOrganization({ ...stores, clock }, { organization, member, roles: options.role }),
      );
      stdout.write(`client ${member} holds ${describeRoles(outcome)}\n`);
    });

  orgs
    .command('remove-client')
    .description('take a machine client’s roles in an organization')
    .argument('<org>', 'id or name')
    .argument('<client>', 'client_id')
    .action(async (organization: string, member: string) => {
      const outcome = await withRuntime(run, ({ stores, clock }) =>
        removeClientFromOrganization({ ...stores, clock }, { organization, member }),
      );
      stdout.write(`client ${member} no longer holds roles in ${outcome.organization.name}\n`);
    });
}
