// Serves the single-page app in spa/app.js from its own 127.0.0.1 port, so that it is an origin of its own.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const APP_SCRIPT = readFileSync(new URL('./spa/app.js', import.meta.url), 'utf8');
const PAGE = `<!doctype html><meta charset="utf-8"><title>Single-page app</title><h1>Single-page app</h1>
<pre id="result"></pre><script type="module" src="/app.js"></script>`;

export interface SpaSite {
  /** http://127.0.0.1:port */
  origin: string;
  /** Where the app asks Tessera to send the code. */
  redirectUri: string;
  close(): Promise<void>;
}

export async function startSpaSite(): Promise<SpaSite> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(APP_SCRIPT);
    } else if (path === '/' || path === '/callback') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    redirectUri: `${origin}/callback`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
