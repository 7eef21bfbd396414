// Runs a CLI action against the same data directory and database as a server with this environment.
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import { openRuntime, type Runtime, type RuntimeMode } from '../service/open-runtime.js';
import { describeDatabase } from '../store/database-not-ready.js';
import type { CliRun } from './cli-run.js';

/**
 * Opens the runtime for one command, with the run's environment and working directory. Every command but `serve` and
 * `migrate` uses `existing`: it works on the database that is there and never migrates it or creates anything (see
 * service/open-runtime.ts). With --verbose it first says which data dir and database that is.
 */
export async function withRuntime<T>(
  run: CliRun,
  action: (runtime: Runtime) => Promise<T>,
  mode: RuntimeMode = 'existing',
): Promise<T> {
  const { env, cwd, stderr } = run.io;
  const config = loadConfig(env, cwd, mode === 'existing');
  if (run.verbose) {
    stderr.write(`data dir: ${config.dataDir}\ndatabase: ${describeDatabase(config.database)}\n`);
  }
  // Commands print their own output; only errors are logged, to standard error.
  const logger = pino({ level: 'error' }, stderr);
  const runtime = await openRuntime(config, logger, undefined, mode);
  try {
    return await action(runtime);
  } finally {
    await runtime.close();
  }
}

export function formatTime(epochSeconds: number | null): string {
  return epochSeconds === null ? '-' : new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The rows as aligned columns under upper-case headings, one line each. */
export function formatTable(rows: Record<string, string>[], columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (values: string[]) =>
    `${values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return [columns.map((c) => c.toUpperCase()), ...rows.map((r) => columns.map((c) => r[c] ?? ''))]
    .map(line)
    .join('');
}
