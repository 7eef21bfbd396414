// Reads the Authorization header the same way on every framework, however many times a request repeats it.

const NAME = 'authorization';

/**
 * Every Authorization header of a request (from Node's `rawHeaders`), joined by ", " as the Fetch standard joins a
 * repeated header. Node's `headers` object keeps only the first Authorization header, while Fetch-based frameworks
 * such as Hono see all of them: joined, a repeated header reads as two credentials everywhere, and is refused.
 */
export function joinedAuthorization(rawHeaders: readonly string[]): string | undefined {
  let joined: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === NAME.length && name.toLowerCase() === NAME) {
      const value = rawHeaders[i + 1] as string;
      joined = joined === undefined ? value : `${joined}, ${value}`;
    }
  }
  return joined;
}
