// `tessera serve`: run the server until SIGINT or SIGTERM.
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { ENDPOINT_PATHS } from '../../oauth/endpoint-paths.js';
import { createLogger } from '../../service/logger.js';
import { openRuntime } from '../../service/open-runtime.js';
import { startServer } from '../../service/start-server.js';
import type { CliOutput } from '../cli-io.js';
import type { CliRun } from '../cli-run.js';

export function registerServeCommand(program: Command, run: CliRun): void {
  const { env, cwd, stderr } = run.io;
  program
    .command('serve')
    .description('run the server (migrates the database first)')
    .action(async () => {
      // serve uses the data dir where it starts (or TESSERA_DATA_DIR), never one found above it.
      const config = loadConfig(env, cwd, false);
      // Its logs, like its signals, are the process's: serve runs as the process itself (pino's own fast writes to
      // standard output), and is tested as one (serve-start-up.test.ts).
      const logger = createLogger(config.logLevel);
      const runtime = await openRuntime(config, logger, undefined, 'create');
      const server = await startServer(runtime).catch(async (error: unknown) => {
        await runtime.close();
        throw error;
      });
      logger.info(
        { address: server.address, issuer: config.issuer, database: runtime.dialect },
        'tessera started',
      );
      printNextSteps(stderr, config.issuer, runtime.dialect);

      const shutdown = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await server.close();
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}

function printNextSteps(stderr: CliOutput, issuer: string, dialect: string): void {
  stderr.write(
    [
      '',
      `Tessera is running: issuer ${issuer} (${dialect} database)`,
      `  discovery: ${issuer}${ENDPOINT_PATHS.openidConfiguration}`,
      `  JWKS:      ${issuer}${ENDPOINT_PATHS.jwks}`,
      '',
      'Next, in another terminal in this directory (or below it), create a client and get a token:',
      '  CLIENT_JSON=$(npx tessera clients create --name my-service --grant-types client_credentials \\',
      '      --scope "orders:read" --audience https://api.example.com --json)',
      '  CLIENT_ID=$(node -p "JSON.parse(process.argv[1]).client_id" "$CLIENT_JSON")',
      '  CLIENT_SECRET=$(node -p "JSON.parse(process.argv[1]).client_secret" "$CLIENT_JSON")',
      `  curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials ${issuer}${ENDPOINT_PATHS.token}`,
      'The README walks through signing people in too.',
      '',
    ].join('\n'),
  );
}
