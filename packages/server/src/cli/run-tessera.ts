// Runs the `tessera` command line once and says how it ended: the one place where an error becomes a line on
// standard error and an exit status. bin/tessera.ts runs it on the process; tests run it in theirs.
import { CommanderError } from 'commander';
import { TesseraError } from '../tessera-error.js';
import { type CliIo, processIo } from './cli-io.js';
import { startRun } from './cli-run.js';
import { createProgram } from './program.js';

/** Runs the command `argv` names (the arguments after `tessera`) and returns its exit status. */
export async function runTessera(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const run = startRun(io);
  try {
    await createProgram(run).parseAsync([...argv], { from: 'user' });
    return run.exitStatus;
  } catch (error) {
    // Help, the version and usage errors: commander has written them already.
    if (error instanceof CommanderError) return error.exitCode;
    // Tessera's errors say how they read and which status they exit with (ConfigError: EX_CONFIG, 78); anything else
    // is its message, after the stable code it may carry (Node's ENOENT, a database driver's).
    const known = error instanceof TesseraError ? error : undefined;
    io.stderr.write(`tessera: ${known ? known.describe() : describeForeign(error)}\n`);
    return known ? known.exitStatus : 1;
  }
}

function describeForeign(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
