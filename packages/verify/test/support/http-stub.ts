// A tiny HTTP server on 127.0.0.1 whose answers a test scripts and whose requests it counts.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type StubHandler = (request: IncomingMessage, body: string) => StubResponse | Promise<StubResponse>;

export interface HttpStub {
  readonly origin: string;
  /** Requests seen per path. */
  readonly hits: Map<string, number>;
  /** Replaces the answer for `path`. */
  route(path: string, handler: StubHandler): void;
  /** Makes every request fail at the TCP level, as if the server were down. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startHttpStub(): Promise<HttpStub> {
  const routes = new Map<string, StubHandler>();
  const hits = new Map<string, number>();
  let down = false;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (down) {
      request.socket.destroy();
      return;
    }
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const handler = routes.get(path);
    const answer: StubResponse = handler
      ? await handler(request, Buffer.concat(chunks).toString())
      : { status: 404 };
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    route: (path, handler) => routes.set(path, handler),
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
