// A lean keep-alive HTTP/1.1 client on node:http with a tiny cookie jar, for the load generators' multi-step flows.
import { Agent, request as httpRequest } from 'node:http';

/**
 * One shared keep-alive agent with at most `connections` sockets: a worker that waits for its answer before
 * sending the next request holds one socket, so N workers use N connections. Redirects are never followed.
 */
export function createHttpClient({ connections, timeoutMs = 10_000 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  function send(url, { method = 'GET', headers = {}, body } = {}) {
    const target = typeof url === 'string' ? new URL(url) : url;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          method,
          hostname: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              headers: res.headers,
              setCookies: res.headers['set-cookie'] ?? [],
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
  return { send, close: () => agent.destroy() };
}

/** name=value pairs from Set-Cookie headers; an emptied or expired cookie is dropped. Paths are ignored. */
export class CookieJar {
  #cookies = new Map();

  update(setCookies) {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals < 1) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, ...rest] = attribute.trim().split('=');
        const text = rest.join('=');
        if (/^max-age$/i.test(key)) return Number(text) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(text) <= Date.now();
        return false;
      });
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return this;
  }

  get(name) {
    return this.#cookies.get(name);
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export const formBody = (fields) => new URLSearchParams(fields).toString();
