// `tessera keys list|rotate`: inspect and rotate the signing keys.
import type { Command } from 'commander';
import { formatTime, printTable, withRuntime } from '../with-runtime.js';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('inspect and rotate signing keys');

  keys
    .command('list')
    .description(
      'list signing keys: current signs, next is published ahead of use, retired stays until its tokens expire',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(async (runtime) => (await runtime.openKeyRing()).describe());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      printTable(
        list.map((k) => ({
          kid: k.kid,
          alg: k.alg,
          status: k.status,
          published: k.published ? 'yes' : 'no',
          created: formatTime(k.createdAt),
          activated: formatTime(k.activatedAt),
          retired: formatTime(k.retiredAt),
        })),
        ['kid', 'alg', 'status', 'published', 'created', 'activated', 'retired'],
      );
    });

  keys
    .command('rotate')
    .description('promote the pre-published next key to signing key now and publish a new next key')
    .action(async () => {
      const kid = await withRuntime(async (runtime) => {
        const ring = await runtime.openKeyRing();
        await ring.rotate();
        return ring.signingKey().kid;
      });
      process.stdout.write(
        `rotated: new tokens are signed with ${kid}; running servers pick it up within seconds\n`,
      );
    });
}
