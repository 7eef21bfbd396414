// Indexes a JWK Set (RFC 7517 §5) by `kid`, importing each usable key once.

import type { Algorithm } from './algorithms.js';
import { VerifyError } from './errors.js';
import { type ImportedKey, importJwk } from './import-jwk.js';

/** The usable keys of one JWK Set. */
export interface KeyIndex {
  readonly byKid: ReadonlyMap<string, ImportedKey>;
  /** The only key of a one-key set, which a token without `kid` may use; otherwise undefined. */
  readonly soleKey: ImportedKey | undefined;
}

/** More keys than any issuer publishes; bounds the work a hostile or broken JWKS can cause. */
const MAX_KEYS = 100;

/**
 * Imports the usable keys of `jwkSet`. Keys whose public members are unchanged since `previous` are reused,
 * so a refetch imports only new keys. A `kid` seen twice keeps its first key: a later duplicate cannot
 * replace it. Throws ERR_JWKS_INVALID when the document is not a JWK Set or has no usable key.
 */
export function indexJwkSet(jwkSet: unknown, allowed: ReadonlySet<Algorithm>, previous?: KeyIndex): KeyIndex {
  const keys = (jwkSet as { keys?: unknown } | null)?.keys;
  if (typeof jwkSet !== 'object' || !Array.isArray(keys)) {
    throw new VerifyError('ERR_JWKS_INVALID', 'The key set is not a JWK Set ({ "keys": [...] })');
  }
  const byKid = new Map<string, ImportedKey>();
  const usable: ImportedKey[] = [];
  for (const jwk of keys.slice(0, MAX_KEYS)) {
    const kid = (jwk as { kid?: unknown } | null)?.kid;
    if (typeof kid === 'string' && byKid.has(kid)) continue;
    const imported = importJwk(jwk, allowed);
    if ('skipped' in imported) continue;
    const known = typeof kid === 'string' ? previous?.byKid.get(kid) : undefined;
    const key = known !== undefined && known.fingerprint === imported.fingerprint ? known : imported;
    usable.push(key);
    if (key.kid !== undefined) byKid.set(key.kid, key);
  }
  if (usable.length === 0) throw new VerifyError('ERR_JWKS_INVALID', 'The key set has no usable key');
  return { byKid, soleKey: usable.length === 1 ? usable[0] : undefined };
}

/** The key `kid` names, or for a token without `kid` the sole key of the set. */
export function findKey(index: KeyIndex, kid: string | undefined): ImportedKey | undefined {
  return kid === undefined ? index.soleKey : index.byKid.get(kid);
}
