// A local HTTP proxy that refuses every request: the browser's only route to anything that is not 127.0.0.1.
// Chromium calls Google services on its own even with --disable-background-networking (content-autofill.googleapis.com
// when it sees a login form), so the launch flags alone do not keep it off the internet; this proxy does.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InternetSink {
  /** Use as the browser context's proxy. */
  proxyUrl: string;
  close(): Promise<void>;
}

export async function startInternetSink(): Promise<InternetSink> {
  const server = createServer((_request, response) => {
    response.writeHead(502, { 'content-type': 'text/plain' }).end('blocked: tests stay on 127.0.0.1');
  });
  server.on('connect', (_request, socket) => {
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    proxyUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
