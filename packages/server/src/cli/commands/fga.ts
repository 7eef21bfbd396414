// `tessera fga stores|models|tuples|tokens|check|list-objects`: the relationship engine's data, on the same data dir
// or database as the server, through the same operations as the FGA API.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AuthorizationModelJson, parseModelDsl } from '@tessera/rebac';
import type { Command } from 'commander';
import { writeAuthorizationModel } from '../../authz/fga/commands/authorization-models.js';
import { check, listObjects } from '../../authz/fga/commands/queries.js';
import { createStore, listStores } from '../../authz/fga/commands/stores.js';
import { createFgaApiToken } from '../../authz/fga/create-api-token.js';
import { deleteFgaApiToken } from '../../authz/fga/delete-api-token.js';
import { fgaAudience } from '../../authz/fga/fga-authentication.js';
import { asFgaErrors } from '../../authz/fga/fga-error.js';
import { storeJson } from '../../authz/fga/fga-json.js';
import { importTuples } from '../../authz/fga/import-tuples.js';
import { listFgaApiTokens } from '../../authz/fga/list-api-tokens.js';
import { parseTupleFile } from '../../authz/fga/tuple-file.js';
import { systemClock } from '../../clock.js';
import { assembleFga } from '../../service/assemble-fga.js';
import type { Runtime } from '../../service/open-runtime.js';
import type { CliRun } from '../cli-run.js';
import { UsageError } from '../usage-error.js';
import { formatTable, formatTime, withRuntime } from '../with-runtime.js';

function readText(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : 'cannot read it';
    throw new UsageError('unreadable_file', `${path}: ${reason}`);
  }
}

export function registerFgaCommands(program: Command, run: CliRun): void {
  const { cwd, stdout, stderr } = run.io;
  /** Runs an FGA operation on the configured database; the engine's refusals print as OpenFGA's codes. */
  const withFga = <T>(action: (deps: ReturnType<typeof assembleFga>, runtime: Runtime) => Promise<T>) =>
    withRuntime(run, (runtime) => {
      // The data is in the serving process's memory, which this process cannot reach: the database holds none.
      if (runtime.config.fgaDatastore === 'memory') {
        throw new UsageError(
          'fga_datastore_memory',
          'TESSERA_FGA_DATASTORE=memory keeps the FGA data in the serving process; use its HTTP API (<issuer>/fga)',
        );
      }
      return asFgaErrors(() =>
        action(assembleFga(runtime.stores, runtime.stores.rbac, systemClock), runtime),
      );
    });

  const fga = program
    .command('fga')
    .description('the relationship engine (OpenFGA-compatible): stores, models, tuples, API tokens, checks');

  const stores = fga.command('stores').description('OpenFGA stores');
  stores
    .command('create')
    .description('create a store and print its id')
    .argument('<name>', 'the store name (3 to 64 characters)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const store = await withFga((deps) => createStore(deps, name));
      stdout.write(options.json ? `${JSON.stringify(storeJson(store))}\n` : `${store.id}\n`);
    });
  stores
    .command('list')
    .description('list the live stores')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const all = await withFga(async (deps) => {
        const items = [];
        let continuationToken: string | undefined;
        do {
          const page = await listStores(deps, {
            pageSize: 100,
            ...(continuationToken && { continuationToken }),
          });
          items.push(...page.items);
          continuationToken = page.continuationToken;
        } while (continuationToken);
        return items;
      });
      if (options.json) {
        stdout.write(`${JSON.stringify(all.map(storeJson))}\n`);
        return;
      }
      stdout.write(
        formatTable(
          all.map((store) => ({
            id: store.id,
            name: store.name,
            created: new Date(store.createdAt).toISOString(),
          })),
          ['id', 'name', 'created'],
        ),
      );
    });

  fga
    .command('models')
    .description('authorization models')
    .command('write')
    .description('write a new model version from a .fga (DSL) or .json file and print its id')
    .requiredOption('--store <id>', 'the store')
    .argument('<file>', 'the model: OpenFGA DSL, or its JSON form (.json)')
    .action(async (file: string, options: { store: string }) => {
      const text = readText(cwd, file);
      const model = await withFga(async (deps) => {
        const json = file.toLowerCase().endsWith('.json')
          ? (parseJson(text, file) as AuthorizationModelJson)
          : parseModelDsl(text);
        return writeAuthorizationModel(deps, options.store, json);
      });
      stdout.write(`${model.id}\n`);
    });

  fga
    .command('tuples')
    .description('relationship tuples')
    .command('import')
    .description(
      'import tuples from JSON lines, a JSON array or CSV (user,relation,object), all in one transaction; ' +
        'tuples already stored are kept',
    )
    .requiredOption('--store <id>', 'the store')
    .argument('<file>', 'the tuples (.csv for CSV)')
    .action(async (file: string, options: { store: string }) => {
      const tuples = parseTupleFile(readText(cwd, file), file);
      const progress = stderr.isTTY
        ? (sent: number, total: number) => stderr.write(`\rimporting: ${sent}/${total}`)
        : undefined;
      const imported = await withFga((deps) => importTuples(deps, options.store, tuples, progress));
      if (progress) stderr.write('\n');
      stdout.write(
        `imported ${imported.written} new tuples of ${imported.total}\n` +
          `consistency token: ${imported.consistencyToken}\n`,
      );
    });

  const tokens = fga
    .command('tokens')
    .description(
      'pre-shared tokens for the FGA API (or use client credentials: a client whose audience is <issuer>/fga)',
    );
  tokens
    .command('list')
    .description('list the API tokens (never the tokens themselves)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(run, (runtime) => listFgaApiTokens(runtime.stores));
      if (options.json) {
        const rows = list.map((token) => ({
          id: token.id,
          name: token.name,
          scope: token.scopes.join(' '),
          created_at: token.createdAt,
        }));
        stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      stdout.write(
        formatTable(
          list.map((token) => ({
            id: token.id,
            name: token.name,
            scope: token.scopes.join(' '),
            created: formatTime(token.createdAt),
          })),
          ['id', 'name', 'scope', 'created'],
        ),
      );
    });
  tokens
    .command('delete')
    .description('delete an API token; the API refuses it from the next request on')
    .argument('<id>', 'the token id (from tokens list)')
    .action(async (id: string) => {
      const outcome = await withRuntime(run, (runtime) => deleteFgaApiToken(runtime.stores, id));
      if (outcome === 'unknown') {
        stderr.write(`tessera: no API token with id ${id}\n`);
        run.exitStatus = 1;
        return;
      }
      stdout.write(`deleted API token ${id}\n`);
    });
  tokens
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'what the token is for')
    .requiredOption('--scope <scopes>', 'space- or comma-separated: fga:read, fga:write, fga:admin')
    .action(async (options: { name: string; scope: string }) => {
      const created = await withRuntime(run, (runtime) =>
        createFgaApiToken(
          runtime.stores.fgaApiTokens,
          { name: options.name, scopes: options.scope.split(/[\s,]+/).filter((scope) => scope !== '') },
          systemClock,
        ),
      );
      stdout.write(
        `${created.token}\n\nStore the token now: Tessera keeps only a hash of it. Send it as ` +
          `Authorization: Bearer <token> to ${fgaAudience('<issuer>')}.\n`,
      );
    });

  fga
    .command('check')
    .description('does USER have RELATION on OBJECT? prints allowed or denied (exit status 0 or 1)')
    .requiredOption('--store <id>', 'the store')
    .argument('<user>', 'e.g. user:anne')
    .argument('<relation>', 'e.g. viewer')
    .argument('<object>', 'e.g. document:1')
    .action(async (user: string, relation: string, object: string, options: { store: string }) => {
      const { allowed } = await withFga((deps) =>
        check(deps, options.store, { tupleKey: { user, relation, object }, consistency: {} }),
      );
      stdout.write(allowed ? 'allowed\n' : 'denied\n');
      if (!allowed) run.exitStatus = 1;
    });

  fga
    .command('list-objects')
    .description('every object of TYPE on which USER has RELATION, one per line (no cap)')
    .requiredOption('--store <id>', 'the store')
    .argument('<user>', 'e.g. user:anne')
    .argument('<relation>', 'e.g. viewer')
    .argument('<type>', 'e.g. document')
    .action(async (user: string, relation: string, type: string, options: { store: string }) => {
      await withFga(async (deps) => {
        const objects = await listObjects(deps, options.store, { user, relation, type, consistency: {} });
        for await (const object of objects) stdout.write(`${object}\n`);
      });
    });
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('invalid_json', `${file} is not JSON`);
  }
}
