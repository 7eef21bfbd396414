// The consistency token the FGA API hands out after a write (Zanzibar's zookie): the store's revision, bound to the
// store, so a token from one store is refused by another instead of silently naming an unrelated revision.
import { type Consistency, ErrorCode, RebacError, type Revision } from '@tessera/rebac';

/** The header a write's token comes back in, and in which reads may send it instead of the body field. */
export const CONSISTENCY_TOKEN_HEADER = 'tessera-consistency-token';

export function encodeConsistencyToken(storeId: string, revision: Revision): string {
  return Buffer.from(`${storeId}.${revision}`, 'utf8').toString('base64url');
}

/** The revision a token names; 2000 validation_error for a malformed token or one of another store. */
export function decodeConsistencyToken(storeId: string, token: string): Revision {
  const match = /^([0-9A-Z]{26})\.(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || match[1] !== storeId) {
    throw new RebacError(ErrorCode.validation_error, 'invalid consistency token for this store');
  }
  return Number(match[2]);
}

export interface ConsistencyRequest {
  /** From the body's `consistency_token`, else the Tessera-Consistency-Token header. */
  readonly token?: string | undefined;
  /** OpenFGA's `consistency`: MINIMIZE_LATENCY (default) may use caches, HIGHER_CONSISTENCY bypasses them. */
  readonly preference?: Consistency['preference'] | undefined;
}

export function consistencyFor(storeId: string, request: ConsistencyRequest): Consistency {
  const minRevision = request.token ? decodeConsistencyToken(storeId, request.token) : undefined;
  return {
    ...(minRevision !== undefined && { minRevision }),
    ...(request.preference !== undefined && { preference: request.preference }),
  };
}
