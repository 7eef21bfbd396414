// Starts oidc-provider-server.js in its own process and returns where and how to ask it for tokens.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { outputTail, spawnNode, stopChild } from '../lib/processes.js';
import { waitForJson } from '../lib/wait-for-http.js';

const SCRIPT = fileURLToPath(new URL('./oidc-provider-server.js', import.meta.url));

function waitForPort(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`oidc-provider did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited (${code ?? signal}) while starting:\n${outputTail(child)}`));
    });
  });
}

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
    const port = await waitForPort(child, 20_000);
    const discovery = await waitForJson(`http://127.0.0.1:${port}/.well-known/openid-configuration`, child, {
      label: 'oidc-provider',
    });
    return { child, credentials, tokenEndpoint: discovery.token_endpoint, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
