// `tessera orgs create|list|rename|delete|add-member|set-roles|remove-member|members|add-client|remove-client|invite|
// invitations|revoke-invitation`: organizations, who is in them with which roles, and invitations by email. ORG is an
// organization's id or name, USER an account's email or id.
import type { Command } from 'commander';
import { invitationJson } from '../../admin/admin-json.js';
import { createOrganization } from '../../authz/rbac/create-organization.js';
import { deleteOrganization } from '../../authz/rbac/delete-organization.js';
import {
  INVITATION_DEFAULT_DAYS,
  INVITATION_MAX_DAYS,
  inviteToOrganization,
  listInvitations,
  revokeInvitation,
} from '../../authz/rbac/invitations.js';
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
import { createSmtpMailer } from '../../mail/mailer.js';
import type { CliRun } from '../cli-run.js';
import { UsageError } from '../usage-error.js';
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
      const { items: list } = await withRuntime(run, ({ stores }) => listOrganizations(stores, 'all'));
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
      const { members } = await withRuntime(run, ({ stores }) => listMembers(stores, reference, 'all'));
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

  orgs
    .command('invite')
    .description('email an invitation to join an organization with roles (needs TESSERA_SMTP_URL)')
    .argument('<org>', 'id or name')
    .argument('<email>', 'the address to invite; the account with it (or made with it) joins')
    .option('--role <role>', 'a role the invitee will hold (repeatable; at least one)', collect, [])
    .option(
      '--expires-in <days>',
      `how many days the link works (1 to ${INVITATION_MAX_DAYS})`,
      String(INVITATION_DEFAULT_DAYS),
    )
    .option('--json', 'print the invitation as JSON')
    .action(
      async (
        organization: string,
        email: string,
        options: { role: string[]; expiresIn: string; json?: boolean },
      ) => {
        if (!/^\d{1,3}$/.test(options.expiresIn)) {
          throw new UsageError(
            'invalid_expiry',
            `--expires-in takes a whole number of days, not ${JSON.stringify(options.expiresIn)}`,
          );
        }
        const sent = await withRuntime(run, async ({ stores, clock, config, logger }) => {
          const mailer = config.mail && createSmtpMailer(config.mail);
          try {
            return await inviteToOrganization(
              { ...stores, clock, issuer: config.issuer, mailer, logger },
              { organization, email, roles: options.role, expiresInDays: Number(options.expiresIn) },
            );
          } finally {
            mailer?.close();
          }
        });
        const { invitation } = sent;
        if (options.json) {
          stdout.write(`${JSON.stringify(invitationJson(invitation))}\n`);
          return;
        }
        const replaced = sent.replaced > 0 ? '; the earlier invitation to that address no longer works' : '';
        stdout.write(
          `invited ${invitation.email} to ${sent.organization.name} as ${invitation.roles.join(', ')} ` +
            `(invitation ${invitation.id}, works until ${formatTime(invitation.expiresAt)})${replaced}\n`,
        );
      },
    );

  orgs
    .command('invitations')
    .description('list an organization’s invitations and what became of them')
    .argument('<org>', 'id or name')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: { json?: boolean }) => {
      const { invitations } = await withRuntime(run, ({ stores, clock }) =>
        listInvitations({ ...stores, clock }, reference, 'all'),
      );
      if (options.json) {
        stdout.write(`${JSON.stringify(invitations.map(invitationJson))}\n`);
        return;
      }
      stdout.write(
        formatTable(
          invitations.map((i) => ({
            id: i.id,
            email: i.email,
            roles: i.roles.join(' '),
            status: i.status,
            expires: formatTime(i.expiresAt),
          })),
          ['id', 'email', 'roles', 'status', 'expires'],
        ),
      );
    });

  orgs
    .command('revoke-invitation')
    .description('withdraw a pending invitation: its link stops working')
    .argument('<org>', 'id or name')
    .argument('<invitation>', 'the invitation’s id (tessera orgs invitations ORG)')
    .action(async (reference: string, id: string) => {
      const { organization, invitation } = await withRuntime(run, ({ stores, clock }) =>
        revokeInvitation({ ...stores, clock }, reference, id),
      );
      stdout.write(`revoked the invitation of ${invitation.email} to ${organization.name}\n`);
    });
}
