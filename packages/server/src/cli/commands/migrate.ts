// `tessera migrate`: bring the database schema up to date (serve does this too).
import type { Command } from 'commander';
import { withRuntime } from '../with-runtime.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const dialect = await withRuntime(async (runtime) => runtime.dialect);
      process.stdout.write(`database schema is up to date (${dialect})\n`);
    });
}
