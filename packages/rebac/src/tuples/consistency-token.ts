// Continuation tokens of the memory store's pages, and the consistency check every read of a store makes.
import { ErrorCode, RebacError, validationError } from '../errors.js';
import type { ReadOptions, Revision } from './tuple-store.js';

/** Raises 2000 when a read demands a revision newer than the store has: it must never answer from older data. */
export function assertRevisionReached(current: Revision, options: ReadOptions | undefined): void {
  const wanted = options?.minRevision;
  if (wanted === undefined) return;
  if (!Number.isSafeInteger(wanted) || wanted < 0 || wanted > current) {
    throw validationError(
      `the consistency token names revision ${wanted}, newer than this store's ${current}`,
    );
  }
}

/**
 * The newest revision a store has seen, written or read. A read that demands no newer revision is proved current by
 * it, without asking the database; only a demand beyond it needs the store's current revision.
 */
export class RevisionWatermark {
  #seen = 0;

  /** Notes `revision` as seen, and returns it. */
  saw(revision: Revision): Revision {
    if (revision > this.#seen) this.#seen = revision;
    return revision;
  }

  /** Whether `options` demands no revision newer than one already seen (so there is nothing to check). */
  covers(options: ReadOptions | undefined): boolean {
    const wanted = options?.minRevision;
    return wanted === undefined || (Number.isSafeInteger(wanted) && wanted <= this.#seen);
  }
}

/** An opaque page token carrying a position in a sequence (base64url of `p:<n>`). */
export function encodePosition(position: number): string {
  return Buffer.from(`p:${position}`, 'utf8').toString('base64url');
}

/** Reads a token made by encodePosition; raises 2007 invalid_continuation_token for anything else. */
export function decodePosition(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^p:(\d{1,15})$/.exec(text);
  if (!match?.[1]) throw new RebacError(ErrorCode.invalid_continuation_token, 'Invalid continuation token');
  return Number(match[1]);
}

/** A consistency token as the HTTP API shows it: the revision, opaque to clients. */
export function encodeConsistencyToken(revision: Revision): string {
  return Buffer.from(`r:${revision}`, 'utf8').toString('base64url');
}

/** The revision in a consistency token; raises 2000 for a token this engine did not make. */
export function decodeConsistencyToken(token: string): Revision {
  const match = /^r:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw validationError('invalid consistency token');
  return Number(match[1]);
}
