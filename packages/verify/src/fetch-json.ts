// One bounded HTTP exchange returning JSON: timeout, no redirects, body size cap.

/** Limits every outbound request of this package observes. */
export interface HttpLimits {
  readonly timeoutMs: number;
  /** Largest response body read, in bytes. */
  readonly maxBytes: number;
}

/** The fetch this package sends requests with: the global one, or one the caller injects. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** A response whose status was not 2xx, with that status, so that callers can tell a 401 from an outage. */
export class HttpStatusError extends Error {
  readonly status: number;

  constructor(status: number, url: string) {
    super(`HTTP ${status} from ${url}`);
    this.status = status;
  }
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * Sends `init` to `url` and parses the response as JSON. Rejects (with a plain Error, an HttpStatusError for a
 * non-2xx status; callers map it to their own code) on network errors, timeouts, redirects, non-2xx statuses,
 * oversize or non-JSON bodies.
 * Redirects are refused so that a compromised or misconfigured endpoint cannot point us elsewhere.
 */
export async function fetchJson(
  url: string,
  init: RequestInit,
  limits: HttpLimits,
  fetchFunction: FetchFunction = fetch,
): Promise<JsonResponse> {
  const response = await fetchFunction(url, {
    ...init,
    redirect: 'error',
    signal: AbortSignal.timeout(limits.timeoutMs),
    headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status, url);
  }
  const text = await readBounded(response, limits.maxBytes);
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error('Response body too large');
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body === null) return '';
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error('Response body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
