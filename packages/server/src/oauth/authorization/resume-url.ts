// Where the browser comes back to after the sign-in or consent page an authorization request led to.
import { ENDPOINT_PATHS } from '../endpoint-paths.js';

/**
 * The same request again, minus what the step about to happen satisfies, so that sign-in does not loop: the prompt
 * value, and for a sign-in also max_age (the new sign-in is recent by definition; auth_time is always in ID tokens).
 * So the sign-in that prompt=login or max_age=0 forced answers that request, and a new request forces another.
 */
export function authorizeUrlWithout(params: URLSearchParams, satisfied: 'login' | 'consent'): string {
  const copy = new URLSearchParams(params);
  if (satisfied === 'login') copy.delete('max_age');
  const prompt = (copy.get('prompt') ?? '').split(' ').filter((p) => p !== '' && p !== satisfied);
  if (prompt.length > 0) copy.set('prompt', prompt.join(' '));
  else copy.delete('prompt');
  return `${ENDPOINT_PATHS.authorize}?${copy.toString()}`;
}

/** The same request again with one more parameter: the organization the user picked (choose-organization.ts). */
export function authorizeUrlWith(params: URLSearchParams, name: string, value: string): string {
  const copy = new URLSearchParams(params);
  copy.set(name, value);
  return `${ENDPOINT_PATHS.authorize}?${copy.toString()}`;
}

/** The same request again, as it was: after a step-up (or setting a second factor up) the session meets it. */
export function authorizeUrlAgain(params: URLSearchParams): string {
  return `${ENDPOINT_PATHS.authorize}?${new URLSearchParams(params).toString()}`;
}
