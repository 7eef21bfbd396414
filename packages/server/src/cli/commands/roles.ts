// `tessera roles create|list|update|delete`: the role catalogue shared by every organization, and organizations' own
// roles (--org).
import type { Command } from 'commander';
import { createRole } from '../../authz/rbac/create-role.js';
import { deleteRole } from '../../authz/rbac/delete-role.js';
import { type ListedRole, listRoles } from '../../authz/rbac/list-roles.js';
import { updateRole } from '../../authz/rbac/update-role.js';
import type { CliRun } from '../cli-run.js';
import { UsageError } from '../usage-error.js';
import { formatTable, withRuntime } from '../with-runtime.js';

/** `"posts:read posts:write"` (spaces or commas) as a list. */
export const splitPermissions = (value: string) => value.split(/[\s,]+/).filter((v) => v !== '');

export function roleJson(role: ListedRole): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    organization_id: role.organizationId,
    organization_name: role.organizationName,
    description: role.description,
    permissions: role.permissions,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

interface RoleOptions {
  org?: string;
  description?: string;
  permissions?: string;
  addPermissions?: string;
  removePermissions?: string;
  force?: boolean;
  json?: boolean;
}

export function registerRoleCommands(program: Command, run: CliRun): void {
  const { stdout } = run.io;
  const roles = program
    .command('roles')
    .description(
      'manage roles: the catalogue every organization shares (also the global roles), or an organization’s own',
    );

  roles
    .command('create')
    .description('create a role with its permissions (resource:action)')
    .argument('<name>', 'lower-case letters, digits, - and _, starting with a letter')
    .option('--permissions <list>', 'space-separated permissions, such as "posts:read posts:write"', '')
    .option('--description <text>', 'what the role is for')
    .option('--org <org>', 'an organization (id or name) whose own role it is; without it, a catalogue role')
    .option('--json', 'print the role as JSON')
    .action(async (name: string, options: RoleOptions) => {
      const role = await withRuntime(run, ({ stores, clock }) =>
        createRole(
          { ...stores, clock },
          {
            name,
            permissions: splitPermissions(options.permissions ?? ''),
            description: options.description,
            organization: options.org,
          },
        ),
      );
      if (options.json) {
        stdout.write(`${JSON.stringify(roleJson({ ...role, organizationName: null }))}\n`);
        return;
      }
      const where = options.org === undefined ? 'in the catalogue' : `in organization ${options.org}`;
      stdout.write(`created role ${role.name} ${where} with ${role.permissions.length} permission(s)\n`);
    });

  roles
    .command('list')
    .description('list roles: the catalogue and every organization’s own, or those an organization can give')
    .option('--org <org>', 'only the catalogue and this organization’s own roles')
    .option('--json', 'print JSON')
    .action(async (options: RoleOptions) => {
      const { items: list } = await withRuntime(run, ({ stores }) =>
        listRoles(stores, { organization: options.org }, 'all'),
      );
      if (options.json) {
        stdout.write(`${JSON.stringify(list.map(roleJson))}\n`);
        return;
      }
      stdout.write(
        formatTable(
          list.map((r) => ({
            name: r.name,
            organization: r.organizationName ?? '-',
            permissions: r.permissions.join(' ') || '-',
            description: r.description ?? '-',
          })),
          ['name', 'organization', 'permissions', 'description'],
        ),
      );
    });

  roles
    .command('update')
    .description('change a role’s permissions or description; holders see it in their next token')
    .argument('<name>', 'the role')
    .option('--org <org>', 'the organization whose own role it is')
    .option('--permissions <list>', 'replace every permission')
    .option('--add-permissions <list>', 'add these permissions')
    .option('--remove-permissions <list>', 'remove these permissions (each must be there)')
    .option('--description <text>', 'a new description; an empty one removes it')
    .action(async (name: string, options: RoleOptions) => {
      const { permissions, addPermissions, removePermissions, description } = options;
      if ([permissions, addPermissions, removePermissions, description].every((o) => o === undefined)) {
        throw new UsageError(
          'nothing_to_update',
          'give at least one of --permissions, --add-permissions, --remove-permissions, --description',
        );
      }
      const list = (value: string | undefined) => (value === undefined ? undefined : splitPermissions(value));
      const role = await withRuntime(run, ({ stores, clock }) =>
        updateRole(
          { ...stores, clock },
          {
            name,
            organization: options.org,
            description,
            permissions: list(permissions),
            addPermissions: list(addPermissions),
            removePermissions: list(removePermissions),
          },
        ),
      );
      stdout.write(`updated role ${role.name}: ${role.permissions.join(' ') || 'no permissions'}\n`);
    });

  roles
    .command('delete')
    .description('delete a role; one that someone holds only with --force')
    .argument('<name>', 'the role')
    .option('--org <org>', 'the organization whose own role it is')
    .option('--force', 'take the role from everyone who holds it, then delete it')
    .action(async (name: string, options: RoleOptions) => {
      const { role, holders } = await withRuntime(run, ({ stores, clock }) =>
        deleteRole({ ...stores, clock }, { name, organization: options.org, force: options.force }),
      );
      const taken = holders > 0 ? `; taken from ${holders} holder(s)` : '';
      stdout.write(`deleted role ${role.name}${taken}\n`);
    });
}
