// Starts oidc-provider-server.js in its own process and returns its discovery document and client credentials.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { waitForIpcPort } from '../lib/ipc-port.js';
import { spawnNode, stopChild } from '../lib/processes.js';
import { cpuProfileArgs } from '../lib/settings.js';
import { waitForJson } from '../lib/wait-for-http.js';

const SCRIPT = fileURLToPath(new URL('./oidc-provider-server.js', import.meta.url));

export async function startOidcProvider({ redirectUri, resource }) {
  const credentials = {
    clientId: `bench-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const child = spawnNode([...cpuProfileArgs(), SCRIPT], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEBUG: '',
      BENCH_CLIENT_ID: credentials.clientId,
      BENCH_CLIENT_SECRET: credentials.clientSecret,
      BENCH_REDIRECT_URI: redirectUri,
      BENCH_RESOURCE: resource,
      BENCH_ACCOUNT_ID: 'bench-user',
    },
  });
  try {
    const port = await waitForIpcPort(child, { label: 'oidc-provider' });
    const issuer = `http://127.0.0.1:${port}`;
    const discovery = await waitForJson(`${issuer}/.well-known/openid-configuration`, child, {
      label: 'oidc-provider',
    });
    return { child, issuer, discovery, credentials, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
