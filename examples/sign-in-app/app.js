// A small relying party: signs a person in with Tessera (code flow with PKCE, via openid-client) and shows who they
// are. Run it beside `npm start`; see the README's "Signing people in".
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
// Sign-ins under way, by a random id kept in this browser's cookie: the state and PKCE verifier belong to the browser
// that started the sign-in, so a code and state from someone else's browser are refused (RFC 9700 §4.7).
const pending = new Map();
const signInCookie = (req) => /(?:^|;\s*)sign_in=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', redirectUri);
  try {
    if (url.pathname === '/callback') {
      const started = pending.get(signInCookie(req));
      pending.delete(signInCookie(req));
      if (!started) throw new Error('no sign-in was started in this browser');
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
      });
      const me = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'set-cookie': 'sign_in=; Max-Age=0',
      });
      res.end(`Signed in as ${me.email} (${me.name ?? 'no name'}), subject ${me.sub}\n`);
      return;
    }
    const id = randomBytes(16).toString('base64url');
    const started = { state: randomBytes(16).toString('base64url'), verifier: oidc.randomPKCECodeVerifier() };
    pending.set(id, started);
    setTimeout(() => pending.delete(id), 10 * 60_000).unref();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(started.verifier),
      code_challenge_method: 'S256',
      state: started.state,
    });
    res.writeHead(302, {
      location: authorize.href,
      'set-cookie': `sign_in=${id}; HttpOnly; SameSite=Lax; Path=/; Max-Age=600`,
    });
    res.end();
  } catch (error) {
    res
      .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
      .end(`Sign-in failed: ${error.message}\n`);
  }
}).listen(port, 'localhost', () =>
  console.log(`Open http://localhost:${port}/ to sign in with ${issuer.origin}`),
);
