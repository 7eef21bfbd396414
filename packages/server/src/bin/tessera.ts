// Entry point of the `tessera` command: runs the program and turns errors into one clear line and an exit status.
import { createProgram } from '../cli/program.js';
import { ConfigError } from '../config/config-error.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`tessera: invalid configuration: ${error.message}\n`);
    // EX_CONFIG (sysexits.h): the environment, not the command, needs fixing.
    process.exit(78);
  }
  const message = error instanceof Error ? error.message : String(error);
  // A stable code, and the rule that refines it where one code covers several refusals (ClientMetadataError).
  const { code, rule } = (error ?? {}) as { code?: unknown; rule?: unknown };
  const codes = [code, rule].filter((c): c is string => typeof c === 'string');
  process.stderr.write(`tessera: ${codes.map((c) => `${c}: `).join('')}${message}\n`);
  process.exit(1);
}
