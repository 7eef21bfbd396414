// How the FGA API shows an error: OpenFGA's `{code, message}` JSON, with the code's proto name. Errors that are not
// the FGA API's own (a body that fails its schema, an unknown path, a database outage) get the OpenFGA code of their
// status.
import type { ApiErrorRenderer } from '../../http/error-handler.js';
import type { TesseraError } from '../../tessera-error.js';
import { FgaError } from './fga-error.js';

function codeFor(error: TesseraError): string {
  if (error instanceof FgaError) return error.code;
  if (error.status === 401) return 'unauthenticated';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404 || error.status === 405) return 'undefined_endpoint';
  if (error.status === 503) return 'unavailable';
  if (error.status >= 500) return 'internal_error';
  return 'validation_error';
}

export const fgaErrorRenderer: ApiErrorRenderer = {
  body: (error) => ({ code: codeFor(error), message: error.message }),
};
