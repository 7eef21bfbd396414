// A request no route answers: an unknown path (404), or a method its path does not have (405, RFC 9110 §15.5.6).
import { TesseraError } from '../tessera-error.js';
export class RouteError extends TesseraError {
  readonly code: 'not_found' | 'method_not_allowed';

  constructor(allowedMethods: string[]) {
    const known = allowedMethods.length > 0;
    super(known ? 'this endpoint does not accept that method' : 'no such endpoint', {
      status: known ? 405 : 404,
      // RFC 9110 §15.5.6: a 405 response MUST carry Allow with the target resource's methods.
      headers: known ? { allow: allowedMethods.join(', ') } : {},
      exposure: { kind: 'api' },
    });
    this.name = 'RouteError';
    this.code = known ? 'method_not_allowed' : 'not_found';
  }
}
