// Indexes a JWK Set (RFC 7517 §5) by `kid`, importing each usable key once.

import type { Algorithm } from './algorithms.js';
import { VerifyError } from './errors.js';
import { type ImportedKey, importJwk } from './import-jwk.js';

/** The usable keys of one JWK Set. */
export interface KeyIndex {
  /** Every usable key, in the set's order; empty when the set has none. */
  readonly usable: readonly ImportedKey[];
  readonly byKid: ReadonlyMap<string, ImportedKey>;
  /** The only key of a one-key set, which a token without `kid` may use; otherwise undefined. */
  readonly soleKey: ImportedKey | undefined;
}

/** More keys than any issuer publishes; bounds the work a hostile or broken JWKS can cause. */
const MAX_KEYS = 100;

/**
 * Imports the usable keys of `jwkSet`. A key whose `kid` and public members are unchanged since `previous` is
 * reused (the same object), so a refetch imports only new keys and a replaced key is a different object. A `kid`
 * seen twice keeps its first key: a later duplicate cannot replace it. Throws ERR_JWKS_INVALID when the document
 * is not a JWK Set; a set without usable keys gives an empty index.
 */
export function indexJwkSet(jwkSet: unknown, allowed: ReadonlySet<Algorithm>, previous?: KeyIndex): KeyIndex {
  const keys = (jwkSet as { keys?: unknown } | null)?.keys;
  if (typeof jwkSet !== 'object' || !Array.isArray(keys)) {
    throw new VerifyError('ERR_JWKS_INVALID', 'The key set is not a JWK Set ({ "keys": [...] })');
  }
  const byKid = new Map<string, ImportedKey>();
  const usable: ImportedKey[] = [];
  const previousByFingerprint = new Map(previous?.usable.map((key) => [key.fingerprint, key]));
  for (const jwk of keys.slice(0, MAX_KEYS)) {
    const kid = (jwk as { kid?: unknown } | null)?.kid;
    if (typeof kid === 'string' && byKid.has(kid)) continue;
    const imported = importJwk(jwk, allowed);
    if ('skipped' in imported) continue;
    const known = previousByFingerprint.get(imported.fingerprint);
    const key = known !== undefined && known.kid === imported.kid ? known : imported;
    usable.push(key);
    if (key.kid !== undefined) byKid.set(key.kid, key);
  }
  return { usable, byKid, soleKey: usable.length === 1 ? usable[0] : undefined };
}

/** Whether `next` lacks a key of `previous`: one withdrawn, or replaced by other key material. */
export function lostKeys(previous: KeyIndex, next: KeyIndex): boolean {
  const kept = new Set(next.usable);
  return previous.usable.some((key) => !kept.has(key));
}

/** The ERR_JWKS_INVALID thrown for a token when the key set at hand has no usable key at all. */
export function noUsableKey(): VerifyError {
  return new VerifyError('ERR_JWKS_INVALID', 'The key set has no usable key');
}

/** The key `kid` names, or for a token without `kid` the sole key of the set. */
export function findKey(index: KeyIndex, kid: string | undefined): ImportedKey | undefined {
  return kid === undefined ? index.soleKey : index.byKid.get(kid);
}
