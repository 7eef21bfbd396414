// Entry point of the `tessera` command: runs the program and turns known errors into one clear line.
import { createProgram } from '../cli/program.js';
import { ConfigError } from '../config/config-error.js';
import { ClientMetadataError } from '../oauth/clients/register-client.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`tessera: invalid configuration: ${error.message}\n`);
    process.exit(78);
  }
  if (error instanceof ClientMetadataError) {
    process.stderr.write(`tessera: ${error.code}: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`tessera: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
