// Entry point of the `tessera` command: runs the program and turns errors into one clear line and an exit status.
import { createProgram } from '../cli/program.js';
import { TesseraError } from '../tessera-error.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  // Tessera's errors say how they read and which status they exit with (ConfigError: EX_CONFIG, 78); anything else
  // is its message, after the stable code it may carry (Node's ENOENT, a database driver's).
  const known = error instanceof TesseraError ? error : undefined;
  process.stderr.write(`tessera: ${known ? known.describe() : describeForeign(error)}\n`);
  process.exit(known ? known.exitStatus : 1);
}

function describeForeign(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
