import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { runCli, runCliProcess } from '../support/run-cli.js';

// README: a bad value stops the start with one line naming the variable (or saying what is wrong and what to do).
describe('tessera serve refuses to start, with one line saying why', () => {
  let dataDir: string;
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-start-'));
    expect((await runCli(['migrate'], { TESSERA_DATA_DIR: dataDir })).status).toBe(0);
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  // serve runs as the process itself (its signals, its exit): the first case starts it as one, to show the line and
  // the exit status a user sees; the others run the same command line in this process, which says the same.
  const serveEnv = (env: Record<string, string>) => ({
    TESSERA_DATA_DIR: dataDir,
    TESSERA_LOG_LEVEL: 'silent',
    ...env,
  });
  const serve = (env: Record<string, string>) => runCli(['serve'], serveEnv(env));

  it('a port in use names PORT', () => {
    const result = runCliProcess(['serve'], serveEnv({ PORT: String(busyPort) }));
    expect(result.status).toBe(78);
    expect(result.stderr).toBe(
      `tessera: invalid configuration: PORT must be a port nothing else listens on at 127.0.0.1 (got "${busyPort}")\n`,
    );
  });

  it('a HOST that is no address of this machine names HOST', async () => {
    for (const host of ['192.0.2.1', 'no-such-host.invalid']) {
      const result = await serve({ HOST: host, PORT: String(await freePort()) });
      expect(result.status).toBe(78);
      expect(result.stderr).toMatch(
        /^tessera: invalid configuration: HOST must be an address of this machine/,
      );
      expect(result.stderr).toContain(JSON.stringify(host));
    }
  });

  it('a master key other than the one the keys were sealed with says so', async () => {
    // The first start makes the keys, sealed with the data dir's key file.
    const first = await runCli(['keys', 'rotate'], { TESSERA_DATA_DIR: dataDir });
    expect(first.status).toBe(0);
    const other = randomBytes(32).toString('base64url');
    const result = await serve({ PORT: String(await freePort()), TESSERA_MASTER_KEY: other });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'tessera: wrong_master_key: the master key (TESSERA_MASTER_KEY) is not the key the secrets in this database ' +
        'were sealed with: give Tessera the master key it first ran with\n',
    );
  });
});
