// `tessera migrate`: bring the database schema up to date (serve does this too).
import type { Command } from 'commander';
import { describeDatabase } from '../../store/database-not-ready.js';
import type { CliRun } from '../cli-run.js';
import { withRuntime } from '../with-runtime.js';

export function registerMigrateCommand(program: Command, run: CliRun): void {
  program
    .command('migrate')
    .description('bring the database schema up to date, creating the SQLite file and data dir if needed')
    .action(async () => {
      const { applied, database } = await withRuntime(
        run,
        async (runtime) => ({ applied: runtime.appliedMigrations, database: runtime.config.database }),
        'create',
      );
      const { stdout } = run.io;
      for (const name of applied) stdout.write(`applied ${name}\n`);
      const outcome = applied.length === 0 ? 'already up to date' : 'up to date';
      stdout.write(`${describeDatabase(database)}: schema ${outcome}\n`);
    });
}
