// Parent side of the oidc-provider benchmarks: starts a provider script in its own process with fresh client
// credentials and returns where it listens once its discovery document answers.
import { randomBytes } from 'node:crypto';
import { waitForIpcPort } from './ipc-port.js';
import { spawnNode, stopChild } from './processes.js';
import { waitForJson } from './wait-for-http.js';

/**
 * Runs `node ...nodeArgs script ...args` with BENCH_CLIENT_ID and BENCH_CLIENT_SECRET (and `env`) set; the script
 * reports its port over IPC (see oidc-provider-host.js).
 */
export async function startOidcProviderProcess(script, { args = [], env = {}, nodeArgs = [] } = {}) {
  const credentials = {
    clientId: `bench-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const child = spawnNode([...nodeArgs, script, ...args], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEBUG: '',
      BENCH_CLIENT_ID: credentials.clientId,
      BENCH_CLIENT_SECRET: credentials.clientSecret,
      ...env,
    },
  });
  try {
    const port = await waitForIpcPort(child, { label: 'oidc-provider' });
    const issuer = `http://127.0.0.1:${port}`;
    const discovery = await waitForJson(`${issuer}/.well-known/openid-configuration`, child, {
      label: 'oidc-provider',
    });
    return {
      child,
      issuer,
      discovery,
      tokenEndpoint: discovery.token_endpoint,
      credentials,
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
