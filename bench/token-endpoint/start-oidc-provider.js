// Starts oidc-provider-server.js in its own process and returns where and how to ask it for tokens.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { waitForIpcPort } from '../lib/ipc-port.js';
import { spawnNode, stopChild } from '../lib/processes.js';
import { waitForJson } from '../lib/wait-for-http.js';

const SCRIPT = fileURLToPath(new URL('./oidc-provider-server.js', import.meta.url));

export async function startOidcProvider(alg) {
  const credentials = {
    clientId: `bench-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const child = spawnNode([SCRIPT, alg], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEBUG: '',
      BENCH_CLIENT_ID: credentials.clientId,
      BENCH_CLIENT_SECRET: credentials.clientSecret,
    },
  });
  try {
    const port = await waitForIpcPort(child, { label: 'oidc-provider' });
    const discovery = await waitForJson(`http://127.0.0.1:${port}/.well-known/openid-configuration`, child, {
      label: 'oidc-provider',
    });
    return { child, credentials, tokenEndpoint: discovery.token_endpoint, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
