// A minimal browser for HTTP tests: keeps cookies, follows redirects by hand, reads and submits the pages' forms.
// It speaks HTTP/1.1 with node:http over kept-alive connections, as a browser does; fetch would cost several times
// the CPU per request (web streams), and some suites make thousands of requests.
import { Agent, request as httpRequest } from 'node:http';

export interface BrowserResponse {
  status: number;
  url: string;
  location: string | null;
  headers: Headers;
  body: string;
}

/** One pool of kept-alive connections for every test browser in this process. */
const agent = new Agent({ keepAlive: true });

export class FormBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<BrowserResponse> {
    const absolute = new URL(url, this.origin).toString();
    const headers: Record<string, string> = { ...init.headers };
    if (absolute.startsWith(this.origin) && this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    // Like a browser on a same-origin page (Referrer-Policy: same-origin), a form post names its origin.
    if (init.form && absolute.startsWith(this.origin)) headers.origin ??= this.origin;
    const response = await send(
      absolute,
      init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      init.form ? new URLSearchParams(init.form).toString() : undefined,
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === '')
        this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return {
      status: response.status,
      url: absolute,
      location: response.headers.get('location'),
      headers: response.headers,
      body: response.body,
    };
  }

  /** Follows redirects within the origin; stops at the first response that is not a redirect or leaves it. */
  async follow(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<BrowserResponse> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10 && response.location; hops++) {
      const next = new URL(response.location, response.url).toString();
      if (!next.startsWith(this.origin)) return response;
      response = await this.request(next);
    }
    return response;
  }

  /** Submits the page's form: hidden fields as rendered, plus the given fields. */
  async submit(
    page: BrowserResponse,
    fields: Record<string, string>,
    formIndex = 0,
  ): Promise<BrowserResponse> {
    const forms = [...page.body.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms[formIndex];
    if (!form) throw new Error(`no form on ${page.url}`);
    const hidden: Record<string, string> = {};
    for (const input of (form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      hidden[input[1] as string] = decodeHtml(input[2] as string);
    }
    return this.follow(decodeHtml(form[1] as string), { form: { ...hidden, ...fields } });
  }
}

/** One request and its whole response; redirects are not followed. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const received = new Headers();
        const raw = incoming.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) received.append(raw[i] as string, raw[i + 1] as string);
        resolve({
          status: incoming.statusCode ?? 0,
          headers: received,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function decodeHtml(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
