// Tessera's paging of the unary ListObjects and ListUsers (OpenFGA has none and stops at 1,000): the full result,
// sorted, cut after the result the previous page ended with. The token names that result, so pages never repeat or
// skip one, whatever order the engine finds them in.
import { ErrorCode, RebacError } from '@tessera/rebac';

export interface ResultPage {
  /** Objects (`document:1`) or users (`user:anne`, `group:eng#member`, `user:*`), in sorted order. */
  readonly results: readonly string[];
  /** '' on the last page. */
  readonly continuationToken: string;
}

export async function pageOfResults(
  results: AsyncIterable<string>,
  pageSize: number,
  continuationToken: string | undefined,
): Promise<ResultPage> {
  const after = continuationToken ? decodeAfter(continuationToken) : undefined;
  const all: string[] = [];
  for await (const result of results) if (after === undefined || result > after) all.push(result);
  all.sort();
  const page = all.slice(0, pageSize);
  const last = page.at(-1);
  return {
    results: page,
    continuationToken:
      all.length > pageSize && last ? Buffer.from(`o:${last}`, 'utf8').toString('base64url') : '',
  };
}

/** The result a page ended with; 2007 invalid_continuation_token for a token pageOfResults did not make. */
function decodeAfter(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (
    !text.startsWith('o:') ||
    text.length < 3 ||
    Buffer.from(text, 'utf8').toString('base64url') !== token
  ) {
    throw new RebacError(ErrorCode.invalid_continuation_token, 'Invalid continuation token');
  }
  return text.slice(2);
}
