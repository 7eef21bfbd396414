// Child-process side of the oidc-provider benchmarks: how the provider listens, reports its port and stops, and the
// resource-server settings both benchmarks give it (RFC 9068 JWT access tokens for one audience, as Tessera issues).
import { createServer } from 'node:http';
import { errors } from 'oidc-provider';

/**
 * Listens first on an ephemeral port of 127.0.0.1, so that the issuer can name the port the kernel gave; answers 503
 * until `serve(handler)` is called, which then reports {port} to the parent over IPC and stops on SIGTERM.
 */
export async function listenForProvider() {
  let handle = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    issuer: `http://127.0.0.1:${port}`,
    serve(handler) {
      handle = handler;
      process.send({ port });
      process.once('SIGTERM', () => {
        server.close(() => process.exit(0));
        server.closeAllConnections();
      });
    },
  };
}

/** The resourceIndicators feature: every token is for `resource`, a JWT signed with `alg`, valid 900 s. */
export function jwtAccessTokensFor(resource, { scope, alg }) {
  return {
    enabled: true,
    defaultResource: () => resource,
    useGrantedResource: () => true,
    getResourceServerInfo: (_ctx, resourceIndicator) => {
      if (resourceIndicator !== resource) throw new errors.InvalidTarget();
      return {
        scope,
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 900,
        jwt: { sign: { alg } },
      };
    },
  };
}
