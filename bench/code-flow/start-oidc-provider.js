// Starts oidc-provider-server.js in its own process, with one client for `redirectUri` and tokens for `resource`.
import { fileURLToPath } from 'node:url';
import { startOidcProviderProcess } from '../lib/oidc-provider-process.js';
import { cpuProfileArgs } from '../lib/runner.js';

const SCRIPT = fileURLToPath(new URL('./oidc-provider-server.js', import.meta.url));

export function startOidcProvider({ redirectUri, resource }) {
  return startOidcProviderProcess(SCRIPT, {
    nodeArgs: cpuProfileArgs(),
    env: { BENCH_REDIRECT_URI: redirectUri, BENCH_RESOURCE: resource, BENCH_ACCOUNT_ID: 'bench-user' },
  });
}
