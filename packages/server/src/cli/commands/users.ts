// `tessera users create|list|update|disable|set-password|add-role|remove-role`: manage the accounts people sign in
// with, and their global roles.
import { fstatSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { addUser, type SetPasswordLinkOutcome } from '../../accounts/add-user.js';
import { disableUser } from '../../accounts/disable-user.js';
import { listUsers } from '../../accounts/list-users.js';
import { createArgon2Hasher } from '../../accounts/password-hasher.js';
import { RESET_LINK_SECONDS } from '../../accounts/password-reset.js';
import { ProfileError } from '../../accounts/profile-rules.js';
import { setPassword } from '../../accounts/set-password.js';
import { updateProfile } from '../../accounts/update-profile.js';
import type { User, UserProfile } from '../../accounts/user.js';
import { addGlobalRole, removeGlobalRole } from '../../authz/rbac/global-roles.js';
import { openPasswordLinks } from '../../service/open-password-links.js';
import type { CliInput } from '../cli-io.js';
import type { CliRun } from '../cli-run.js';
import { UsageError } from '../usage-error.js';
import { formatTable, formatTime, withRuntime } from '../with-runtime.js';

interface ProfileOptions {
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  locale?: string;
}

interface CreateOptions extends ProfileOptions {
  email: string;
  passwordStdin?: boolean;
  /** False with --no-password; commander's default for a negatable option is true. */
  password: boolean;
  emailVerified?: boolean;
  json?: boolean;
}

async function readPasswordFromStdin(stdin: CliInput): Promise<string> {
  // A terminal would echo the password as it is typed (and keep it in the scrollback): insist on a pipe.
  if (stdin.isTTY) {
    throw new UsageError(
      'password_stdin_is_terminal',
      '--password-stdin reads a pipe, not a terminal: printf %s "$PASSWORD" | tessera users ...',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  // Only the line ending that `echo` or a here-string adds is dropped; other whitespace is part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Whether standard input is a file with something in it; a pipe cannot be told without waiting for its writer. */
function stdinIsNonEmptyFile(stdin: CliInput): boolean {
  if (stdin.fd === undefined) return false;
  try {
    const stat = fstatSync(stdin.fd);
    return stat.isFile() && stat.size > 0;
  } catch {
    return false;
  }
}

/**
 * The password the command line chose: read from standard input, or explicitly none. Neither is refused, so a
 * password piped in without --password-stdin is never silently dropped for an account no one can sign in to.
 */
async function choosePassword(stdin: CliInput, options: CreateOptions): Promise<string | null> {
  if (options.passwordStdin) return readPasswordFromStdin(stdin);
  if (!options.password) {
    if (stdinIsNonEmptyFile(stdin)) {
      throw new UsageError(
        'password_input_unused',
        '--no-password, but standard input holds data: to use it as the password, give --password-stdin instead',
      );
    }
    return null;
  }
  const piped = stdin.isTTY
    ? ''
    : ' (standard input is read only with --password-stdin, so nothing piped in was used)';
  throw new UsageError(
    'password_choice_required',
    `choose --password-stdin (the password from standard input) or --no-password (its owner is emailed a link to ` +
      `choose one when mail is configured, or you set it later with tessera users set-password)${piped}`,
  );
}

/** The profile fields the options give; the others are left out, so they keep their values. */
function profileOf(options: ProfileOptions): Partial<UserProfile> {
  const { name, givenName, familyName, picture, locale } = options;
  return Object.fromEntries(
    Object.entries({ name, givenName, familyName, picture, locale }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

/** Reports a refused profile value by the option that gave it (`given_name` -> `--given-name`). */
async function namingProfileOptions<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ProfileError) {
      throw new UsageError(error.code, `--${error.claim.replaceAll('_', '-')} ${error.reason}`);
    }
    throw error;
  }
}

const PROFILE_FLAGS = '--name, --given-name, --family-name, --picture, --locale';

function addProfileOptions(command: Command): Command {
  return command
    .option('--name <name>', 'full name')
    .option('--given-name <name>', 'given or first name')
    .option('--family-name <name>', 'family name or surname')
    .option('--picture <url>', 'https URL of a profile picture')
    .option('--locale <tag>', 'BCP 47 language tag, like en-US or fr-CA');
}

export function userJson(user: User): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    picture: user.picture,
    locale: user.locale,
    has_password: user.passwordHash !== null,
    disabled: user.disabledAt !== null,
    created_at: user.createdAt,
    updated_at: user.profileUpdatedAt,
  };
}

function describeLink(user: User, outcome: SetPasswordLinkOutcome): string {
  switch (outcome) {
    case undefined:
      return `created user ${user.id} <${user.email}>\n`;
    case 'sent':
      return (
        `created user ${user.id} <${user.email}> without a password; emailed it a link to choose one, ` +
        `which works for ${RESET_LINK_SECONDS / 60} minutes\n`
      );
    case 'mail_not_configured':
      return (
        `created user ${user.id} <${user.email}> without a password: no one can sign in to it until you run ` +
        `tessera users set-password ${user.email} --password-stdin (mail is not configured, so no link was sent)\n`
      );
    case 'failed':
      return (
        `created user ${user.id} <${user.email}> without a password, but the email with a link to choose one was ` +
        'not sent; its owner can ask for one with "Forgot your password?", or run tessera users set-password\n'
      );
  }
}

export function registerUserCommands(program: Command, run: CliRun): void {
  const { stdin, stdout, stderr } = run.io;
  const users = program.command('users').description('manage user accounts');

  const create = users
    .command('create')
    .description(
      'create an account; its password is read from standard input (never from the command line), or it has none',
    )
    .requiredOption('--email <email>', 'sign-in email (unique, case-insensitive)')
    .addOption(
      new Option('--password-stdin', 'read the password from standard input (a pipe)').conflicts('password'),
    )
    .option(
      '--no-password',
      'no password: with TESSERA_SMTP_URL set its owner is emailed a link to choose one, otherwise no one can ' +
        'sign in until tessera users set-password',
    );
  addProfileOptions(create)
    .option('--email-verified', 'mark the email as verified')
    .option('--json', 'print the account as JSON')
    .action(async (options: CreateOptions) => {
      const password = await choosePassword(stdin, options);
      const added = await namingProfileOptions(() =>
        withRuntime(run, async (runtime) => {
          const mail = password === null ? openPasswordLinks(runtime) : undefined;
          try {
            return await addUser(
              {
                users: runtime.stores.users,
                hasher: createArgon2Hasher(),
                clock: runtime.clock,
                passwordLinks: mail?.links,
              },
              {
                email: options.email,
                password,
                emailVerified: options.emailVerified ?? false,
                ...profileOf(options),
              },
            );
          } finally {
            mail?.close();
          }
        }),
      );
      if (added.setPasswordLink === 'failed') run.exitStatus = 1;
      if (options.json) {
        const link = added.setPasswordLink === undefined ? {} : { set_password_link: added.setPasswordLink };
        stdout.write(`${JSON.stringify({ ...userJson(added.user), ...link })}\n`);
        return;
      }
      const message = describeLink(added.user, added.setPasswordLink);
      if (added.setPasswordLink === 'failed') stderr.write(`tessera: ${message}`);
      else stdout.write(message);
    });

  users
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(run, (runtime) => listUsers(runtime.stores));
      if (options.json) {
        stdout.write(`${JSON.stringify(list.map(userJson))}\n`);
        return;
      }
      stdout.write(
        formatTable(
          list.map((u) => ({
            id: u.id,
            email: u.email,
            name: u.name ?? '-',
            verified: u.emailVerified ? 'yes' : 'no',
            status: u.disabledAt !== null ? 'disabled' : u.passwordHash === null ? 'no password' : 'active',
            created: formatTime(u.createdAt),
          })),
          ['id', 'email', 'name', 'verified', 'status', 'created'],
        ),
      );
    });

  const update = users
    .command('update')
    .description(
      "change an account's profile, which apps see with the profile scope; an empty value removes one",
    )
    .argument('<user>', 'email or id');
  addProfileOptions(update)
    .option('--json', 'print the account as JSON')
    .action(async (reference: string, options: ProfileOptions & { json?: boolean }) => {
      const changes = profileOf(options);
      if (Object.keys(changes).length === 0) {
        throw new UsageError('nothing_to_update', `give at least one of ${PROFILE_FLAGS}`);
      }
      const user = await namingProfileOptions(() =>
        withRuntime(run, (runtime) =>
          updateProfile({ users: runtime.stores.users, clock: runtime.clock }, reference, changes),
        ),
      );
      stdout.write(
        options.json ? `${JSON.stringify(userJson(user))}\n` : `updated user ${user.id} <${user.email}>\n`,
      );
    });

  users
    .command('disable')
    .description('disable an account: it can no longer sign in, and is signed out everywhere')
    .argument('<user>', 'email or id')
    .action(async (reference: string) => {
      const user = await withRuntime(run, ({ stores, clock }) =>
        disableUser({ ...stores, clock }, reference),
      );
      stdout.write(`disabled user ${user.id} <${user.email}>; it is signed out everywhere\n`);
    });

  users
    .command('set-password')
    .description("set an account's password (read from standard input) and sign it out everywhere")
    .argument('<user>', 'email or id')
    .requiredOption('--password-stdin', 'read the password from standard input (a pipe)')
    .action(async (reference: string) => {
      const password = await readPasswordFromStdin(stdin);
      const user = await withRuntime(run, ({ stores, clock }) =>
        setPassword({ ...stores, hasher: createArgon2Hasher(), clock }, reference, password),
      );
      stdout.write(`set the password of user ${user.id} <${user.email}>; it is signed out everywhere\n`);
    });

  users
    .command('add-role')
    .description(
      'give an account a global role (outside any organization), for tokens without an organization',
    )
    .argument('<user>', 'email or id')
    .argument('<role>', 'a catalogue role')
    .action(async (user: string, role: string) => {
      const added = await withRuntime(run, ({ stores, clock }) =>
        addGlobalRole({ ...stores, clock }, { user, role }),
      );
      stdout.write(
        added.outcome === 'added'
          ? `${user} now holds the role ${role}\n`
          : `${user} already held the role ${role}\n`,
      );
    });

  users
    .command('remove-role')
    .description('take a global role from an account; its next token no longer carries it')
    .argument('<user>', 'email or id')
    .argument('<role>', 'a catalogue role')
    .action(async (user: string, role: string) => {
      await withRuntime(run, ({ stores, clock }) => removeGlobalRole({ ...stores, clock }, { user, role }));
      stdout.write(`${user} no longer holds the role ${role}\n`);
    });
}
