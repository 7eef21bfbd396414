// Runs a CLI action against the same data directory and database as a server with this environment.
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import { openRuntime, type Runtime, type RuntimeMode } from '../service/open-runtime.js';
import { describeDatabase } from '../store/database-not-ready.js';

/** Set by the global `--verbose` option (program.ts): commands then say which data dir and database they use. */
let verbose = false;
export function setVerbose(on: boolean): void {
  verbose = on;
}

/**
 * Opens the runtime for one command. Every command but `serve` and `migrate` uses `existing`: it works on the
 * database that is there and never migrates it or creates anything (see service/open-runtime.ts).
 */
export async function withRuntime<T>(
  action: (runtime: Runtime) => Promise<T>,
  mode: RuntimeMode = 'existing',
): Promise<T> {
  const config = loadConfig(process.env, process.cwd(), mode === 'existing');
  if (verbose) {
    process.stderr.write(`data dir: ${config.dataDir}\ndatabase: ${describeDatabase(config.database)}\n`);
  }
  // Commands print their own output; only errors are logged, to stderr.
  const logger = pino({ level: 'error' }, pino.destination(2));
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

export function printTable(rows: Record<string, string>[], columns: string[]): void {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((c) => row[c] ?? ''))}\n`);
}
