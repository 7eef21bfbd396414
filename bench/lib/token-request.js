// The client-credentials token request both servers get, and the one-off check that it yields a JWT of the right alg.

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined for HTTP Basic. */
function formEncode(value) {
  return new URLSearchParams([['v', value]]).toString().slice(2);
}

/** `form`: more form parameters (e.g. `organization=acme`), already encoded. */
export function clientCredentialsRequest({ clientId, clientSecret }, form = '') {
  const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
  return {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: `grant_type=client_credentials&scope=read%20write${form ? `&${form}` : ''}`,
  };
}

function decodeJsonPart(part, what) {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`access_token ${what} is not base64url JSON`);
  }
}

/**
 * Sends one token request and throws unless it is a 200 carrying a compact JWS whose header alg is
 * `expectedAlg`. Returns the decoded header and claims, to show what the load will be minting.
 */
export async function verifyTokenEndpoint(tokenEndpoint, credentials, expectedAlg, form = '') {
  const response = await fetch(tokenEndpoint, {
    ...clientCredentialsRequest(credentials, form),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`token request answered HTTP ${response.status} (expected 200): ${text.slice(0, 500)}`);
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`token response is not JSON: ${text.slice(0, 500)}`);
  }
  const parts = typeof body.access_token === 'string' ? body.access_token.split('.') : [];
  if (parts.length !== 3) {
    throw new Error(`access_token is not a compact JWS (3 dot-separated parts): ${text.slice(0, 500)}`);
  }
  const header = decodeJsonPart(parts[0], 'header');
  const claims = decodeJsonPart(parts[1], 'payload');
  if (header.alg !== expectedAlg) {
    throw new Error(`access_token header alg is ${JSON.stringify(header.alg)}, expected ${expectedAlg}`);
  }
  return {
    header,
    claims,
    accessToken: body.access_token,
    tokenLength: body.access_token.length,
    responseBytes: Buffer.byteLength(text),
  };
}
