// What the authorization checks (one file each in this folder) share: how they read a parameter, and how those that
// run after the redirect_uri is verified refuse a request.
import type { Client } from '../../clients/client.js';

/** One parameter of the request, already bounded (read-params.ts); undefined when absent or empty. */
export type ParamReader = (name: string) => string | undefined;

/** What a check that runs once the client and its redirect_uri are verified is given. */
export interface VerifiedRequestContext {
  param: ParamReader;
  client: Client;
  /** The error for a refused request, sent back to the verified redirect_uri with the request's state. */
  fail(code: string, description: string): Error;
}
