// The `tessera` command line: one sub-command per job, all working on the configured data dir / database.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { type CliOutput, processIo } from './cli-io.js';
import { type CliRun, startRun } from './cli-run.js';
import { registerClientCommands } from './commands/clients.js';
import { registerFgaCommands } from './commands/fga.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerOrganizationCommands } from './commands/orgs.js';
import { registerRoleCommands } from './commands/roles.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommands } from './commands/users.js';

// The same relative path from src/cli and from dist/cli.
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The program for one run. commander never exits the process: help, the version and usage errors are written to the
 * run's streams and end in a CommanderError carrying the exit status (run-tessera.ts returns it).
 */
export function createProgram(run: CliRun = startRun(processIo())): Command {
  const { stdout, stderr } = run.io;
  // Settings are copied to sub-commands as they are added, so they come first.
  const program = new Command('tessera')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      getOutHelpWidth: () => helpWidth(stdout),
      getErrHelpWidth: () => helpWidth(stderr),
      // Tessera's help is plain text: there is no colour to keep or strip.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .description('Tessera: OAuth 2.0 / OpenID Connect provider and authorization service')
    .version(version, '-V, --version', 'print the version of @tessera/server')
    .option('--verbose', 'say which data dir and database the command works on (on standard error)')
    .showHelpAfterError()
    .hook('preAction', (_program, action) => {
      run.verbose = action.optsWithGlobals().verbose === true;
    });
  registerServeCommand(program, run);
  registerMigrateCommand(program, run);
  registerKeyCommands(program, run);
  registerClientCommands(program, run);
  registerUserCommands(program, run);
  registerRoleCommands(program, run);
  registerOrganizationCommands(program, run);
  registerFgaCommands(program, run);
  return program;
}

/** A terminal's width, as commander wraps help by default; 80 columns elsewhere. */
function helpWidth(output: CliOutput): number {
  return (output.isTTY ? output.columns : undefined) ?? 80;
}
