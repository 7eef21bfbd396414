// Starts oidc-provider-server.js in its own process, signing with `alg`; returns where to ask it for tokens.
import { fileURLToPath } from 'node:url';
import { startOidcProviderProcess } from '../lib/oidc-provider-process.js';

const SCRIPT = fileURLToPath(new URL('./oidc-provider-server.js', import.meta.url));

export function startOidcProvider(alg) {
  return startOidcProviderProcess(SCRIPT, { args: [alg] });
}
