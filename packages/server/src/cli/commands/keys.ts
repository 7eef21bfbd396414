// `tessera keys list|rotate`: inspect and rotate the signing keys, and switch the signing algorithm.
import { type Command, InvalidArgumentError } from 'commander';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../config/config.js';
import { NoSigningKeysError, type SigningAlgorithmState } from '../../tokens/key-ring.js';
import type { CliRun } from '../cli-run.js';
import { formatTable, formatTime, withRuntime } from '../with-runtime.js';

function parseAlgorithm(value: string): SigningAlgorithm {
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${SIGNING_ALGORITHMS.join(', ')}`);
  return value as SigningAlgorithm;
}

export function registerKeyCommands(program: Command, run: CliRun): void {
  const { stdout } = run.io;
  const keys = program.command('keys').description('inspect and rotate signing keys');

  keys
    .command('list')
    .description(
      'list signing keys: current signs, next is published ahead of use, retired stays until its tokens expire',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { list, algorithms } = await withRuntime(run, async (runtime) => {
        const ring = await runtime.loadKeyRing();
        return { list: ring.describe(), algorithms: ring.algorithms() };
      });
      if (options.json) {
        const json = list.map((k) => ({
          kid: k.kid,
          alg: k.alg,
          status: k.status,
          signing: k.signing,
          // During a switch of algorithm, when the new algorithm's current key starts signing.
          signs_from: k.alg === algorithms.switchingTo && k.status === 'current' ? algorithms.switchAt : null,
          published: k.published,
          created_at: k.createdAt,
          activated_at: k.activatedAt,
          retired_at: k.retiredAt,
        }));
        stdout.write(`${JSON.stringify(json)}\n`);
        return;
      }
      const switching =
        algorithms.switchingTo === null
          ? ''
          : `; ${algorithms.switchingTo} from ${formatTime(algorithms.switchAt)}`;
      stdout.write(`signing algorithm: ${algorithms.signing}${switching}\n`);
      stdout.write(
        formatTable(
          list.map((k) => ({
            kid: k.kid,
            alg: k.alg,
            status: k.signing ? 'current (signing)' : k.status,
            published: k.published ? 'yes' : 'no',
            created: formatTime(k.createdAt),
            activated: formatTime(k.activatedAt),
            retired: formatTime(k.retiredAt),
          })),
          ['kid', 'alg', 'status', 'published', 'created', 'activated', 'retired'],
        ),
      );
    });

  keys
    .command('rotate')
    .description(
      'promote each pre-published next key to current now; with --alg, switch the signing algorithm by rollover',
    )
    .option(
      '--alg <alg>',
      `switch to ${SIGNING_ALGORITHMS.join(', ')}: its keys are published now and sign once verifiers have them`,
      parseAlgorithm,
    )
    .action(async (options: { alg?: SigningAlgorithm }) => {
      const outcome = await withRuntime(
        run,
        async (
          runtime,
        ): Promise<
          { kid: string; first?: boolean; switched?: boolean } | { switching: SigningAlgorithmState }
        > => {
          const ring = await runtime.loadKeyRing().catch(async (error: unknown) => {
            if (!(error instanceof NoSigningKeysError)) throw error;
            return undefined;
          });
          if (!ring) {
            // An explicit rotation in a database without keys makes the first ones.
            const created = await runtime.openKeyRing(options.alg);
            return { kid: created.signingKey().kid, first: true };
          }
          const { signing, switchingTo } = ring.algorithms();
          if (options.alg !== undefined && options.alg !== (switchingTo ?? signing)) {
            await ring.switchAlgorithm(options.alg);
            const after = ring.algorithms();
            if (after.switchingTo !== null) return { switching: after };
            return { kid: ring.signingKey().kid, switched: true };
          } else {
            await ring.rotate();
          }
          return { kid: ring.signingKey().kid };
        },
      );
      if ('switching' in outcome) {
        const { switchingTo, switchAt } = outcome.switching;
        stdout.write(
          `${switchingTo} keys are published now; running servers sign with them from ${formatTime(switchAt)}\n`,
        );
        return;
      }
      if ('switched' in outcome) {
        stdout.write(
          `switched: new tokens are signed with ${outcome.kid}, whose keys are long published; running servers pick it up within seconds\n`,
        );
        return;
      }
      if ('first' in outcome) {
        stdout.write(`created the first signing keys: new tokens are signed with ${outcome.kid}\n`);
        return;
      }
      stdout.write(
        `rotated: new tokens are signed with ${outcome.kid}; running servers pick it up within seconds\n`,
      );
    });
}
