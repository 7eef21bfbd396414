// The `tessera` command line: one sub-command per job, all working on the configured data dir / database.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerClientCommands } from './commands/clients.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommands } from './commands/users.js';
import { setVerbose } from './with-runtime.js';

// The same relative path from src/cli and from dist/cli.
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export function createProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera: OAuth 2.0 / OpenID Connect provider and authorization service')
    .version(version, '-V, --version', 'print the version of @tessera/server')
    .option('--verbose', 'say which data dir and database the command works on (on standard error)')
    .showHelpAfterError()
    .hook('preAction', (_program, action) => setVerbose(action.optsWithGlobals().verbose === true));
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerKeyCommands(program);
  registerClientCommands(program);
  registerUserCommands(program);
  return program;
}
