// The README's "Device flow" example CLI (examples/device-cli), run as a user would, against a real Tessera: it prints
// the code, link and QR code, polls while the person approves over HTTP, then prints who signed in.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerDeviceRequest,
  createDeviceApp,
  signedInDeviceBrowser,
} from '../packages/server/test/support/device-flow.js';
import { createTestUser } from '../packages/server/test/support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../packages/server/test/support/test-server.js';

const CLI = fileURLToPath(new URL('../examples/device-cli/bin/tessera-device-login.js', import.meta.url));

describe('the device-flow example CLI', () => {
  let tessera: TestServer;
  let user: { id: string };

  beforeAll(async () => {
    // The CLI really waits the interval between polls: one second, not the default five.
    tessera = await startTestServer({ devicePollIntervalSeconds: 1 });
    user = await createTestUser(tessera);
  });
  afterAll(() => tessera?.cleanup());

  it('shows the code, link and QR code, waits for the approval, and prints who signed in', async () => {
    const { clientId } = await createDeviceApp(tessera);
    const browser = await signedInDeviceBrowser(tessera);
    // `--client-id=ID`: a client id is base64url and one in 64 starts with "-", which parseArgs would take for an
    // option after a separate `--client-id`.
    const cli = spawn(process.execPath, [CLI, `--issuer=${tessera.issuer}`, `--client-id=${clientId}`], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(cli, 'exit');
    let stderr = '';
    cli.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const lines: string[] = [];
    let approved = false;
    for await (const line of createInterface({ input: cli.stdout as NodeJS.ReadableStream })) {
      lines.push(line);
      const prompt = /^To sign in, open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})$/.exec(line);
      if (prompt && !approved) {
        expect(prompt[1]).toBe(`${tessera.issuer}/device`);
        // The person types the code as they read it, in lower case.
        const done = await answerDeviceRequest(browser, (prompt[2] as string).toLowerCase(), 'approve');
        expect(done.body).toContain('data-device-outcome="approved"');
        approved = true;
      }
    }
    const [status] = await exited;
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(approved).toBe(true);
    const output = lines.join('\n');
    // The terminal QR code: block characters.
    expect(output).toMatch(/[█▀▄]{10}/);
    expect(lines.at(-1)).toBe(`Signed in as Ann Example <ann@example.com> (sub ${user.id})`);
  });
});
