// Registering device clients on the command line: `--grant-types device_code` (short for the RFC 8628 URN), usually
// with --public.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

describe('tessera clients create --grant-types device_code', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-device-'));
    env = { TESSERA_DATA_DIR: dataDir };
    const migrated = await runCli(['migrate'], env);
    if (migrated.status !== 0) throw new Error(`tessera migrate failed: ${migrated.stderr}`);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const create = (...args: string[]) => runCli(['clients', 'create', '--name', 'TV', ...args, '--json'], env);
  const listed = async () => JSON.parse((await runCli(['clients', 'list', '--json'], env)).stdout);

  it('takes the short name and the URN alike, and stores the URN', async () => {
    const short = await create(
      '--grant-types',
      'device_code,refresh_token',
      '--public',
      '--scope',
      'shows:watch',
    );
    expect(short.status).toBe(0);
    const { client_id: publicId, client_secret: noSecret } = JSON.parse(short.stdout);
    expect(noSecret).toBeUndefined();
    const urn = await create('--grant-types', DEVICE_CODE);
    expect(urn.status).toBe(0);
    const { client_id: confidentialId, client_secret: secret } = JSON.parse(urn.stdout);
    expect(secret).toEqual(expect.any(String));
    expect(await listed()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          client_id: publicId,
          grant_types: [DEVICE_CODE, 'refresh_token'],
          token_endpoint_auth_method: 'none',
          scope: 'shows:watch',
        }),
        expect.objectContaining({
          client_id: confidentialId,
          grant_types: [DEVICE_CODE],
          token_endpoint_auth_method: 'client_secret_basic',
        }),
      ]),
    );
  });

  it('refresh tokens need a grant that signs people in, the device grant being one', async () => {
    const alone = await create('--grant-types', 'refresh_token', '--public');
    expect(alone.status).toBe(1);
    expect(alone.stderr).toContain('invalid_client_metadata');
    expect(alone.stderr).toContain(DEVICE_CODE);
  });

  it('names the device grant in its help', async () => {
    const help = await runCli(['clients', 'create', '--help'], env);
    expect(help.stdout).toContain('device_code');
  });
});
