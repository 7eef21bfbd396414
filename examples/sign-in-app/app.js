// A ten-minute relying party: signs a person in with Tessera (code flow with PKCE, via openid-client) and shows
// who they are. Run it beside `npm start`; see the README's "Signing people in".
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import * as oidc from 'openid-client';

const issuer = new URL(process.env.ISSUER ?? 'http://localhost:8080');
const port = Number(process.env.APP_PORT ?? 3000);
const redirectUri = `http://localhost:${port}/callback`;
const { CLIENT_ID, CLIENT_SECRET } = process.env;
if (!CLIENT_ID || !CLIENT_SECRET)
  throw new Error('set CLIENT_ID and CLIENT_SECRET (from `tessera clients create`)');

// Plain http is for this local demo only (Tessera allows it on localhost).
const config = await oidc.discovery(issuer, CLIENT_ID, CLIENT_SECRET, undefined, {
  execute: [oidc.allowInsecureRequests],
});
const pending = new Map(); // state -> PKCE verifier, for sign-ins under way

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', redirectUri);
  try {
    if (url.pathname === '/callback') {
      const verifier = pending.get(url.searchParams.get('state'));
      pending.delete(url.searchParams.get('state'));
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: verifier,
        expectedState: url.searchParams.get('state') ?? undefined,
      });
      const me = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Signed in as ${me.email} (${me.name ?? 'no name'}), subject ${me.sub}\n`);
      return;
    }
    const state = randomBytes(16).toString('base64url');
    const verifier = oidc.randomPKCECodeVerifier();
    pending.set(state, verifier);
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    res.writeHead(302, { location: authorize.href }).end();
  } catch (error) {
    res
      .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
      .end(`Sign-in failed: ${error.message}\n`);
  }
}).listen(port, 'localhost', () =>
  console.log(`Open http://localhost:${port}/ to sign in with ${issuer.origin}`),
);
