// The WebAuthn relying party is the issuer: its host is the RP ID (WebAuthn §5.1.1: a registrable domain suffix of
// the origin, here the host itself, so passkeys are scoped to exactly this issuer) and its origin the only origin a
// response may come from. An IP address is not a valid RP ID for browsers: use a name (localhost for development).
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingPartyFor(issuer: string): RelyingParty {
  const url = new URL(issuer);
  return { id: url.hostname, name: url.host, origin: url.origin };
}
