// The one way to split a request target or a local path ("/authorize?client_id=…") into its path and its query: the
// query is everything after the first "?", as WHATWG URL and Fastify's own query parser read it.

/** The query's parameters, repeated ones kept (callers that refuse repeats need to see them). */
export function queryParamsOf(target: string): URLSearchParams {
  const at = target.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : target.slice(at + 1));
}

/** The path, without the query. */
export function pathOf(target: string): string {
  const at = target.indexOf('?');
  return at === -1 ? target : target.slice(0, at);
}
