// `tessera clients create --require-mfa`: stored on the client and shown by `clients list`; refused for a client
// that signs no one in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('tessera clients create --require-mfa', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-require-mfa-'));
    env = { TESSERA_DATA_DIR: dataDir };
    expect((await runCli(['migrate'], env)).status).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores the policy on the client, and lists it', async () => {
    const created = await runCli(
      [
        'clients',
        'create',
        '--name',
        'Payroll',
        '--grant-types',
        'authorization_code',
        '--redirect-uri',
        'https://payroll.example.com/callback',
        '--require-mfa',
        '--json',
      ],
      env,
    );
    expect(created.status).toBe(0);
    const { client_id: strict } = JSON.parse(created.stdout) as { client_id: string };
    const plain = await runCli(
      [
        'clients',
        'create',
        '--name',
        'Wiki',
        '--grant-types',
        'authorization_code',
        '--redirect-uri',
        'https://wiki.example.com/cb',
        '--json',
      ],
      env,
    );
    const { client_id: lax } = JSON.parse(plain.stdout) as { client_id: string };
    const listed = JSON.parse((await runCli(['clients', 'list', '--json'], env)).stdout) as {
      client_id: string;
      require_mfa: boolean;
    }[];
    expect(listed.find((client) => client.client_id === strict)?.require_mfa).toBe(true);
    expect(listed.find((client) => client.client_id === lax)?.require_mfa).toBe(false);
  });

  it('is refused for a client that signs no one in, with the reason', async () => {
    const refused = await runCli(
      ['clients', 'create', '--name', 'worker', '--grant-types', 'client_credentials', '--require-mfa'],
      env,
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('invalid_client_metadata');
    expect(refused.stderr).toContain('require MFA is only for clients that sign people in');
  });
});
