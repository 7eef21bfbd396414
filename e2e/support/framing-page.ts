// A second local site, on another 127.0.0.1 port, whose only page embeds a given URL in an <iframe>.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FramingSite {
  /** The page that frames the target. */
  url: string;
  close(): Promise<void>;
}

export async function startFramingSite(targetUrl: string): Promise<FramingSite> {
  const attribute = targetUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const html = `<!doctype html><title>Framing site</title><h1>Framing site</h1><iframe src="${attribute}" width="600" height="500"></iframe>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
