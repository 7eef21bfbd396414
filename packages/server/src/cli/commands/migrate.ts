// `tessera migrate`: bring the database schema up to date (serve does this too).
import type { Command } from 'commander';
import { describeDatabase } from '../../store/database-not-ready.js';
import { withRuntime } from '../with-runtime.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date, creating the SQLite file and data dir if needed')
    .action(async () => {
      const { applied, database } = await withRuntime(
        async (runtime) => ({ applied: runtime.appliedMigrations, database: runtime.config.database }),
        'create',
      );
      for (const name of applied) process.stdout.write(`applied ${name}\n`);
      const outcome = applied.length === 0 ? 'already up to date' : 'up to date';
      process.stdout.write(`${describeDatabase(database)}: schema ${outcome}\n`);
    });
}
