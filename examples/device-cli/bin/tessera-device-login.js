#!/usr/bin/env node
// Signs in to Tessera from a terminal with the device authorization grant (RFC 8628), via openid-client: discovery,
// a user code and link (and a QR code of the link) to open on a phone or computer, polling at the interval the server
// asks (slower after slow_down), then who you are, from userinfo. See the README's "Device flow".
import { parseArgs } from 'node:util';
import * as oidc from 'openid-client';
import QRCode from 'qrcode';

const USAGE = `usage: tessera-device-login --issuer URL --client-id ID [--client-secret SECRET] [--scope "openid profile email"]`;

function fail(message) {
  process.stderr.write(`tessera-device-login: ${message}\n`);
  process.exit(1);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      scope: { type: 'string', default: 'openid profile email' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!options.issuer || !options['client-id']) fail(`--issuer and --client-id are required\n${USAGE}`);
if (!URL.canParse(options.issuer)) fail(`--issuer must be a URL, such as https://login.example.com`);

const issuer = new URL(options.issuer);
const clientSecret = options['client-secret'];
// Plain http only for a Tessera on this machine (as Tessera itself allows).
const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
if (issuer.protocol !== 'https:' && !loopback) fail('--issuer must use https (http only on localhost)');

try {
  const config = await oidc.discovery(
    issuer,
    options['client-id'],
    clientSecret,
    clientSecret === undefined ? oidc.None() : undefined,
    loopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  const started = await oidc.initiateDeviceAuthorization(config, { scope: options.scope });
  const link = started.verification_uri_complete ?? started.verification_uri;
  const qr = await QRCode.toString(link, { type: 'terminal', small: true });
  process.stdout.write(
    `To sign in, open ${started.verification_uri} and enter the code ${started.user_code}\n` +
      `(or open ${link}, or scan:)\n${qr}\n` +
      `Waiting for you to approve (the code expires in ${Math.round(started.expires_in / 60)} minutes)...\n`,
  );
  // openid-client waits `interval` seconds between polls, and 5 more after each slow_down (RFC 8628 §3.5).
  const tokens = await oidc.pollDeviceAuthorizationGrant(config, started);
  const claims = tokens.claims();
  const userinfo = await oidc.fetchUserInfo(
    config,
    tokens.access_token,
    claims?.sub ?? oidc.skipSubjectCheck,
  );
  const name = userinfo.name ?? userinfo.preferred_username ?? userinfo.sub;
  process.stdout.write(
    `Signed in as ${name}${userinfo.email ? ` <${userinfo.email}>` : ''} (sub ${userinfo.sub})\n`,
  );
} catch (error) {
  // RFC 8628 §3.5 answers by name: access_denied, expired_token; anything else as the library reports it.
  if (error?.error === 'access_denied') fail('the sign-in was denied');
  if (error?.error === 'expired_token') fail('the code expired before it was approved; run again');
  fail(error?.error_description ?? error?.message ?? String(error));
}
