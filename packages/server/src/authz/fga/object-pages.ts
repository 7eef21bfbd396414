// Tessera's paging of the unary ListObjects (OpenFGA has none and stops at 1,000): the full result, sorted, cut after
// the object the previous page ended with. The token names that object, so pages never repeat or skip one.
import { ErrorCode, RebacError } from '@tessera/rebac';

export interface ObjectPage {
  readonly objects: readonly string[];
  /** '' on the last page. */
  readonly continuationToken: string;
}

export async function pageOfObjects(
  objects: AsyncIterable<string>,
  pageSize: number,
  continuationToken: string | undefined,
): Promise<ObjectPage> {
  const after = continuationToken ? decodeAfter(continuationToken) : undefined;
  const all: string[] = [];
  for await (const object of objects) if (after === undefined || object > after) all.push(object);
  all.sort();
  const page = all.slice(0, pageSize);
  const last = page.at(-1);
  return {
    objects: page,
    continuationToken:
      all.length > pageSize && last ? Buffer.from(`o:${last}`, 'utf8').toString('base64url') : '',
  };
}

function decodeAfter(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('o:') || text.length < 3) {
    throw new RebacError(ErrorCode.invalid_continuation_token, 'Invalid continuation token');
  }
  return text.slice(2);
}
