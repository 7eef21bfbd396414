// The parameter reader every authorization check uses: each parameter at most once, bounded, without control
// characters, so a check never sees a value a proxy could read differently.
import { hasControlCharacters } from '../../control-characters.js';
import { AuthorizationPageError } from '../authorization-errors.js';
import type { ParamReader } from './authorization-check.js';

export type RequestParams = { get(name: string): string | null | undefined; getAll?(name: string): string[] };

const MAX_PARAM_LENGTH = 4096;

export function readParams(params: RequestParams): ParamReader {
  return (name) => {
    // RFC 6749 §3.1: parameters must not be included more than once; a proxy and Tessera could read different ones.
    if ((params.getAll?.(name).length ?? 0) > 1) {
      throw new AuthorizationPageError('invalid_request', `The ${name} parameter appears more than once.`);
    }
    const value = params.get(name) ?? undefined;
    if (value !== undefined && value.length > MAX_PARAM_LENGTH) {
      throw new AuthorizationPageError('invalid_request', `The ${name} parameter is too long.`);
    }
    if (value !== undefined && hasControlCharacters(value)) {
      throw new AuthorizationPageError(
        'invalid_request',
        `The ${name} parameter contains control characters.`,
      );
    }
    return value === '' ? undefined : value;
  };
}
