import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../support/run-cli.js';

describe('tessera CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
    env = { TESSERA_DATA_DIR: dataDir };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrate creates the database in the data dir and a master key file readable only by its owner', async () => {
    const result = await runCli(['migrate'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('applied 001-initial\n');
    expect(result.stdout).toContain(`SQLite file ${join(dataDir, 'tessera.db')}: schema up to date\n`);
    const again = await runCli(['migrate'], env);
    expect(again.stdout).toBe(`SQLite file ${join(dataDir, 'tessera.db')}: schema already up to date\n`);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'tessera.db')).isFile()).toBe(true);
  });

  it('clients create --json prints the id and the secret once; list never shows the secret', async () => {
    const created = await runCli(
      [
        'clients',
        'create',
        '--name',
        'orders',
        '--grant-types',
        'client_credentials',
        '--scope',
        'a b',
        '--audience',
        'https://orders.example.com',
        '--json',
      ],
      env,
    );
    expect(created.status).toBe(0);
    const { client_id: clientId, client_secret: clientSecret } = JSON.parse(created.stdout);
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const listed = await runCli(['clients', 'list', '--json'], env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toContain(clientSecret);
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({
        client_id: clientId,
        client_name: 'orders',
        scope: 'a b',
        grant_types: ['client_credentials'],
      }),
    );
    const table = await runCli(['clients', 'list'], env);
    expect(table.stdout).toContain(clientId);

    expect((await runCli(['clients', 'delete', clientId], env)).status).toBe(0);
    const again = await runCli(['clients', 'delete', clientId], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('no client with id');
  });

  it('clients create refuses bad metadata with one clear line', async () => {
    const result = await runCli(['clients', 'create', '--name', 'x', '--grant-types', 'password'], env);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('invalid_client_metadata');
  });

  it('keys list shows a current and a next key; keys rotate promotes next', async () => {
    // migrate makes no keys: only serve and an explicit rotation do.
    const none = await runCli(['keys', 'list'], env);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^tessera: no_signing_keys: /);
    const first = await runCli(['keys', 'rotate'], env);
    expect(first.stdout).toContain('created the first signing keys');
    const before = JSON.parse((await runCli(['keys', 'list', '--json'], env)).stdout);
    const next = before.find((k: { status: string }) => k.status === 'next');
    const rotated = await runCli(['keys', 'rotate'], env);
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toContain(next.kid);
    const after = JSON.parse((await runCli(['keys', 'list', '--json'], env)).stdout);
    expect(after.find((k: { status: string }) => k.status === 'current').kid).toBe(next.kid);
    expect(
      after.filter((k: { status: string; published: boolean }) => k.status === 'retired' && k.published),
    ).toHaveLength(1);
  });

  it('a bad configuration value stops the command with one line naming the variable', async () => {
    for (const [variable, value] of [
      ['PORT', 'eighty'],
      ['TESSERA_ISSUER', 'http://example.com'],
      ['DATABASE_URL', 'mysql://x'],
      ['TESSERA_SIGNING_ALG', 'HS256'],
      ['TESSERA_MASTER_KEY', 'short'],
    ] as const) {
      const result = await runCli(['migrate'], { ...env, [variable]: value });
      expect(result.status).toBe(78);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
    }
    // The binary exits with the status the run ends in, having printed the same line (bin/tessera.ts).
    const bad = { ...env, PORT: 'eighty' };
    expect(runCliProcess(['migrate'], bad)).toEqual(await runCli(['migrate'], bad));
  });
});
