// A request no route answers: an unknown path (404), or a method its path does not have (405, RFC 9110 §15.5.6).
export class RouteError extends Error {
  readonly code: 'not_found' | 'method_not_allowed';
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(allowedMethods: string[]) {
    const known = allowedMethods.length > 0;
    super(known ? 'this endpoint does not accept that method' : 'no such endpoint');
    this.name = 'RouteError';
    this.code = known ? 'method_not_allowed' : 'not_found';
    this.status = known ? 405 : 404;
    // RFC 9110 §15.5.6: a 405 response MUST carry Allow with the target resource's methods.
    this.headers = known ? { allow: allowedMethods.join(', ') } : {};
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}
