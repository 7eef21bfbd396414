// `tessera fga …` on a test server's data dir (or its PostgreSQL database, in the `postgres` project): stores, a model
// from a .fga file, tuples imported whole or not at all, checks, ListObjects and API tokens the HTTP API accepts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { FOLDER_DOCUMENT_MODEL } from './support/fga-clients.js';

const MODEL = FOLDER_DOCUMENT_MODEL;

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'tessera-fga-cli-'));
  writeFileSync(join(dir, 'model.fga'), MODEL);
});
afterAll(async () => {
  await server?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const tessera = (...args: string[]) => runCli(['fga', ...args], server.env);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function storeWithModel(): Promise<string> {
  const created = await tessera('stores', 'create', 'cli test', '--json');
  expect(created.status).toBe(0);
  const { id } = JSON.parse(created.stdout) as { id: string };
  const model = await tessera('models', 'write', '--store', id, join(dir, 'model.fga'));
  expect(model.status).toBe(0);
  expect(model.stdout.trim()).toMatch(/^[0-9A-Z]{26}$/);
  return id;
}

describe('tessera fga', () => {
  it('creates and lists stores, writes a model, imports tuples and checks them', async () => {
    const id = await storeWithModel();
    expect((await tessera('stores', 'list')).stdout).toContain(id);
    const tuples = file(
      'tuples.jsonl',
      [
        '{"user":"folder:f","relation":"parent","object":"document:1"}',
        '{"user":"user:anne","relation":"viewer","object":"folder:f"}',
        '{"user":"user:bob","relation":"viewer","object":"document:2"}',
        '{"user":"user:bob","relation":"viewer","object":"document:2"}',
      ].join('\n'),
    );
    const imported = await tessera('tuples', 'import', '--store', id, tuples);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('imported 3 new tuples of 4');
    const changes = await server.runtime.stores.fgaTuples.forStore(id).readChanges({}, { pageSize: 10 });
    expect(
      changes.items.map(
        (change) => `${change.operation} ${change.key.object}#${change.key.relation}@${change.key.user}`,
      ),
    ).toEqual([
      'write document:1#parent@folder:f',
      'write folder:f#viewer@user:anne',
      'write document:2#viewer@user:bob',
    ]);
    expect(await tessera('check', '--store', id, 'user:anne', 'viewer', 'document:1')).toMatchObject({
      status: 0,
      stdout: 'allowed\n',
    });
    expect(await tessera('check', '--store', id, 'user:bob', 'viewer', 'document:1')).toMatchObject({
      status: 1,
      stdout: 'denied\n',
    });
    const listed = await tessera('list-objects', '--store', id, 'user:bob', 'viewer', 'document');
    expect(listed.stdout).toBe('document:2\n');
  });

  it('a bad line is reported with its number and nothing of the file is written', async () => {
    const id = await storeWithModel();
    const tuples = file(
      'bad.csv',
      'user,relation,object\nuser:anne,viewer,document:1\nuser:anne,owner,document:1\n',
    );
    const refused = await tessera('tuples', 'import', '--store', id, tuples);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('invalid_tuple_file: line 3');
    const listed = await tessera('list-objects', '--store', id, 'user:anne', 'viewer', 'document');
    expect(listed.stdout).toBe('');
  });

  it('imports 20,000 tuples from CSV in one go', async () => {
    const id = await storeWithModel();
    const lines = Array.from({ length: 20_000 }, (_, i) => `user:u${i % 100},viewer,document:${i}`);
    const imported = await tessera('tuples', 'import', '--store', id, file('many.csv', lines.join('\n')));
    expect(imported.stdout).toContain('imported 20000 new tuples of 20000');
    const listed = await tessera('list-objects', '--store', id, 'user:u7', 'viewer', 'document');
    expect(listed.stdout.trim().split('\n')).toHaveLength(200);
  });

  it('an API token it creates is accepted by the FGA API until it is deleted', async () => {
    const created = await tessera('tokens', 'create', '--name', 'ci', '--scope', 'fga:admin');
    expect(created.status).toBe(0);
    const token = created.stdout.split('\n')[0] as string;
    const listStores = () =>
      fetch(`${server.issuer}/fga/stores`, { headers: { authorization: `Bearer ${token}` } });
    expect((await listStores()).status).toBe(200);
    const listed = JSON.parse((await tessera('tokens', 'list', '--json')).stdout) as {
      id: string;
      name: string;
    }[];
    const id = listed.find((entry) => entry.name === 'ci')?.id ?? '';
    expect((await tessera('tokens', 'list')).stdout).not.toContain(token);
    expect((await tessera('tokens', 'delete', id)).status).toBe(0);
    expect((await listStores()).status).toBe(401);
  });
});
