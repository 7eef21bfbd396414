// The page tokens of the store and model lists: an opaque token carrying the last id of the page (ids are ULIDs, so
// they order the list), shared by the SQL and memory stores so a token means the same whichever keeps the data.
import { ErrorCode, RebacError } from '@tessera/rebac';

export function encodeIdToken(id: string): string {
  return Buffer.from(`i:${id}`, 'utf8').toString('base64url');
}

/** Raises 2007 for anything encodeIdToken did not make. */
export function decodeIdToken(token: string): string {
  const match = /^i:([0-9A-Z]{26})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new RebacError(ErrorCode.invalid_continuation_token, 'Invalid continuation token');
  return match[1];
}
