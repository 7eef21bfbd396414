// Where each protocol endpoint lives, relative to the issuer.
export const ENDPOINT_PATHS = {
  openidConfiguration: '/.well-known/openid-configuration',
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  jwks: '/.well-known/jwks.json',
  token: '/oauth2/token',
  /** RFC 8628 §3.1: where a device starts the device authorization grant. */
  deviceAuthorization: '/oauth2/device_authorization',
  revocation: '/oauth2/revoke',
  introspection: '/oauth2/introspect',
  authorize: '/oauth2/authorize',
  consent: '/oauth2/consent',
  userinfo: '/oauth2/userinfo',
  endSession: '/oauth2/logout',
  /** Where the "Sign out?" page posts the user's answer. */
  endSessionConfirm: '/oauth2/logout/confirm',
} as const;

export function endpointUrl(issuer: string, path: string): string {
  return `${issuer}${path}`;
}
