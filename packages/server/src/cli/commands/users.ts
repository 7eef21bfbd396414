// `tessera users create|list|disable`: manage the accounts people sign in with.
import type { Command } from 'commander';
import { createUser } from '../../accounts/create-user.js';
import { forgetAccountFailures } from '../../accounts/login-throttle.js';
import { createArgon2Hasher } from '../../accounts/password-hasher.js';
import { checkPasswordPolicy } from '../../accounts/password-policy.js';
import { signOutEverywhere } from '../../accounts/sign-out-everywhere.js';
import { normalizeEmail } from '../../accounts/user.js';
import { epochSeconds, systemClock } from '../../clock.js';
import { formatTime, printTable, withRuntime } from '../with-runtime.js';

async function readPasswordFromStdin(): Promise<string> {
  // A terminal would echo the password as it is typed (and keep it in the scrollback): insist on a pipe.
  if (process.stdin.isTTY) {
    throw new Error(
      '--password-stdin reads a pipe, not a terminal: printf %s "$PASSWORD" | tessera users ...',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Only the line ending that `echo` or a here-string adds is dropped; other whitespace is part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('manage user accounts');

  users
    .command('create')
    .description('create an account; the password is read from standard input, never from the command line')
    .requiredOption('--email <email>', 'sign-in email (unique, case-insensitive)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--name <name>', 'full name')
    .option('--email-verified', 'mark the email as verified')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        email: string;
        passwordStdin?: boolean;
        name?: string;
        emailVerified?: boolean;
        json?: boolean;
      }) => {
        const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
        const user = await withRuntime((runtime) =>
          createUser(
            {
              email: options.email,
              password,
              name: options.name,
              emailVerified: options.emailVerified ?? false,
            },
            runtime.stores.users,
            createArgon2Hasher(),
            systemClock,
          ),
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ id: user.id, email: user.email })}\n`
            : `created user ${user.id} <${user.email}>\n`,
        );
      },
    );

  users
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime((runtime) => runtime.stores.users.list());
      const rows = list.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name ?? '',
        email_verified: u.emailVerified,
        disabled: u.disabledAt !== null,
        created_at: u.createdAt,
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      printTable(
        list.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name ?? '-',
          verified: u.emailVerified ? 'yes' : 'no',
          status: u.disabledAt === null ? 'active' : 'disabled',
          created: formatTime(u.createdAt),
        })),
        ['id', 'email', 'name', 'verified', 'status', 'created'],
      );
    });

  users
    .command('disable')
    .description('disable an account: it can no longer sign in, and is signed out everywhere')
    .argument('<id>', 'user id')
    .action(async (id: string) => {
      const disabled = await withRuntime(async ({ stores }) => {
        const now = epochSeconds(systemClock);
        if (!(await stores.users.disable(id, now))) return false;
        await signOutEverywhere(stores, id, now);
        return true;
      });
      if (!disabled) {
        process.stderr.write(`tessera: no user with id ${id}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`disabled user ${id}\n`);
    });

  users
    .command('set-password')
    .description("set an account's password (read from standard input) and sign it out everywhere")
    .argument('<id>', 'user id')
    .requiredOption('--password-stdin', 'read the password from standard input')
    .action(async (id: string) => {
      const password = await readPasswordFromStdin();
      const found = await withRuntime(async ({ stores }) => {
        const user = await stores.users.findById(id);
        if (!user) return false;
        checkPasswordPolicy(password, user.email);
        const now = epochSeconds(systemClock);
        if (!(await stores.users.setPassword(id, await createArgon2Hasher().hash(password), now)))
          return false;
        await signOutEverywhere(stores, id, now);
        await forgetAccountFailures(stores.loginThrottle, normalizeEmail(user.email));
        return true;
      });
      if (!found) {
        process.stderr.write(`tessera: no user with id ${id}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`set the password of user ${id}; it is signed out everywhere\n`);
    });
}
