// Parses a decoded JOSE header or JWT claims set: a JSON object, no duplicate names, bounded depth.

import { countJsonMembers, TOO_DEEP } from './count-json-members.js';

/** Deep enough for any real claims set (RFC 9396 authorization_details nest four levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * The object `json` encodes, or undefined when it is not a JSON object, names a member twice
 * (RFC 7515 §5.2, RFC 7519 §4) or nests deeper than MAX_JSON_DEPTH. The depth is checked before JSON.parse
 * runs, so hostile nesting costs one linear scan.
 */
export function parseJsonObject(json: string): Record<string, unknown> | undefined {
  const members = countJsonMembers(json, MAX_JSON_DEPTH);
  if (members === TOO_DEEP) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // JSON.parse defines every name as an own property (even "__proto__"), so the counts differ only
  // when a name was repeated.
  return Object.keys(value).length === members ? (value as Record<string, unknown>) : undefined;
}
