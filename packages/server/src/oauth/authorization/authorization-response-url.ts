// Where an authorization response goes: the client's redirect_uri with the response in its query (RFC 6749 §4.1.2).

/** RFC 6749 §4.1.2 and RFC 9207: the response goes to the redirect_uri's query, always with `iss`. */
export function authorizationResponseUrl(
  redirectUri: string,
  issuer: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.append(name, value);
  url.searchParams.append('iss', issuer);
  return url.toString();
}
