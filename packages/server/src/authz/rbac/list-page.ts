// Pages of the administrators' lists (organizations, members, roles, invitations), so that no answer of the admin API
// grows with the data: a page size, and an opaque token carrying the sort key of the last item given. The stores
// read from just after that key (keyset paging), so a page costs the same wherever it is in the list.
import { TesseraError } from '../../tessera-error.js';

/** The largest page the admin API gives, and its page size when none is asked for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

export interface PageRequest {
  size: number;
  /** The token of the page before (`next` of its Paged), or undefined for the first page. */
  token?: string | undefined;
}

export interface Paged<T> {
  items: T[];
  /** The token of the next page; undefined on the last. */
  next: string | undefined;
}

/** What a store reads: at most `limit` items after the key (undefined: from the start). */
export interface KeysetPage<K> {
  limit: number;
  after: K | undefined;
}

export class PageTokenError extends TesseraError {
  readonly code = 'invalid_continuation_token';
  constructor() {
    super('continuation_token is not one this list gave; start again without it', {
      field: 'continuation_token',
    });
    this.name = 'PageTokenError';
  }
}

/** A page of the list, or with 'all' (the CLI) every item, read page by page of MAX_PAGE_SIZE. */
export function listPage<T, K>(
  page: PageRequest | 'all',
  read: (keyset: KeysetPage<K>) => Promise<T[]>,
  keyOf: (item: T) => K,
  parseKey: (raw: unknown) => K | undefined,
): Promise<Paged<T>> {
  if (page === 'all') return readAll(read, keyOf).then((items) => ({ items, next: undefined }));
  return readPage(page, read, keyOf, parseKey);
}

/**
 * One page of a list sorted by a key: `read` gets one item more than the page holds, to tell whether another page
 * follows. `parseKey` checks a token's key (the token comes from the caller) and returns it, or undefined.
 */
async function readPage<T, K>(
  page: PageRequest,
  read: (keyset: KeysetPage<K>) => Promise<T[]>,
  keyOf: (item: T) => K,
  parseKey: (raw: unknown) => K | undefined,
): Promise<Paged<T>> {
  const after = page.token === undefined ? undefined : decodeKey(page.token, parseKey);
  const items = await read({ limit: page.size + 1, after });
  if (items.length <= page.size) return { items, next: undefined };
  const shown = items.slice(0, page.size);
  return { items: shown, next: encodeKey(keyOf(shown[shown.length - 1] as T)) };
}

async function readAll<T, K>(
  read: (keyset: KeysetPage<K>) => Promise<T[]>,
  keyOf: (item: T) => K,
): Promise<T[]> {
  const all: T[] = [];
  let after: K | undefined;
  for (;;) {
    const items = await read({ limit: MAX_PAGE_SIZE, after });
    all.push(...items);
    if (items.length < MAX_PAGE_SIZE) return all;
    after = keyOf(items[items.length - 1] as T);
  }
}

/** A key's number as the lists sort by: a time in whole seconds (a forged 1e999 or 1.5 is not one). */
export function isKeyNumber(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

/** A key's string as the lists sort by: an id or a name, never longer than an email. */
export function isKeyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 320;
}

function encodeKey(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeKey<K>(token: string, parseKey: (raw: unknown) => K | undefined): K {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new PageTokenError();
  }
  const key = parseKey(raw);
  if (key === undefined) throw new PageTokenError();
  return key;
}
