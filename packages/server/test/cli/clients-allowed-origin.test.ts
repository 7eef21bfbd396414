import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('tessera clients create --allowed-origin', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-origins-'));
    env = { TESSERA_DATA_DIR: dataDir };
    const migrated = await runCli(['migrate'], env);
    if (migrated.status !== 0) throw new Error(`tessera migrate failed: ${migrated.stderr}`);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const createSpa = (...origins: string[]) =>
    runCli(
      [
        'clients',
        'create',
        '--name',
        'spa',
        '--grant-types',
        'authorization_code',
        '--public',
        '--redirect-uri',
        'https://spa.example.com/callback',
        ...origins.flatMap((origin) => ['--allowed-origin', origin]),
        '--json',
      ],
      env,
    );

  it('stores each origin as a browser sends it, and clients list --json shows them as allowed_origins', async () => {
    const created = await createSpa('https://Admin.Example.com:443', 'http://localhost:5173');
    expect(created.status).toBe(0);
    const { client_id: clientId } = JSON.parse(created.stdout);
    const listed = await runCli(['clients', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({
        client_id: clientId,
        redirect_uris: ['https://spa.example.com/callback'],
        allowed_origins: ['https://admin.example.com', 'http://localhost:5173'],
      }),
    );
  });

  it('refuses a value that is not an https (or loopback http) origin with one line naming the flag', async () => {
    for (const value of ['https://spa.example.com/', 'https://*.example.com', 'http://spa.example.com']) {
      const result = await createSpa(value);
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('invalid_client_metadata');
      expect(lines[0]).toContain(`--allowed-origin ${JSON.stringify(value)}`);
    }
    // Nothing was registered by the refused commands.
    expect(JSON.parse((await runCli(['clients', 'list', '--json'], env)).stdout)).toHaveLength(1);
  });
});
