// `tessera clients create|list|delete|set-roles`: manage OAuth clients and the roles machine clients hold.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { registerClientWithRoles } from '../../authz/rbac/register-client-with-roles.js';
import { setClientRoles } from '../../authz/rbac/set-client-roles.js';
import { systemClock } from '../../clock.js';
import {
  CLIENT_AUTH_METHODS,
  type Client,
  DEVICE_CODE_GRANT_TYPE,
  ORGANIZATION_POLICIES,
} from '../../oauth/clients/client.js';
import { deleteClient } from '../../oauth/clients/delete-client.js';
import { listClients } from '../../oauth/clients/list-clients.js';
import { checkAllowedOrigin } from '../../oauth/clients/register-client.js';
import type { CliRun } from '../cli-run.js';
import { UsageError } from '../usage-error.js';
import { formatTable, formatTime, withRuntime } from '../with-runtime.js';

interface CreateOptions {
  name: string;
  grantTypes: string;
  scope?: string;
  audience?: string;
  resource: string[];
  authMethod?: string;
  jwks?: string;
  jwksFile?: string;
  accessTokenTtl?: number;
  redirectUri: string[];
  postLogoutRedirectUri: string[];
  allowedOrigin: string[];
  public?: boolean;
  firstParty?: boolean;
  idTokenSignedResponseAlg?: string;
  organizations?: string;
  requireMfa?: boolean;
  role: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const splitList = (value: string) => value.split(/[\s,]+/).filter((v) => v !== '');
/** `device_code` is short for the device grant's URN (RFC 8628 §3.4), which is long to type. */
const grantTypeNamed = (name: string) => (name === 'device_code' ? DEVICE_CODE_GRANT_TYPE : name);

/** Checked as it is read, so that an error names the flag. */
const collectOrigin = (value: string, previous: string[]) => [
  ...previous,
  checkAllowedOrigin(value, '--allowed-origin'),
];

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number of seconds');
  return Number(value);
}

/** `path` as given, from the run's working directory. */
function readJwksFile(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : 'cannot read it';
    throw new UsageError('unreadable_file', `--jwks-file ${path}: ${reason}`);
  }
}

function readJwks(cwd: string, options: CreateOptions): unknown {
  const flag = options.jwksFile === undefined ? '--jwks' : `--jwks-file ${options.jwksFile}`;
  const text = options.jwksFile === undefined ? options.jwks : readJwksFile(cwd, options.jwksFile);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('invalid_jwks', `${flag} must hold a JSON Web Key Set, such as {"keys":[{...}]}`);
  }
}

export function clientJson(client: Client): Record<string, unknown> {
  return {
    client_id: client.id,
    client_name: client.name,
    grant_types: client.grantTypes,
    scope: client.scopes.join(' '),
    audience: client.audience,
    resources: client.resources,
    token_endpoint_auth_method: client.authMethod,
    access_token_ttl: client.accessTokenTtlSeconds,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    allowed_origins: client.allowedOrigins,
    first_party: client.firstParty,
    id_token_signed_response_alg: client.idTokenSignedResponseAlg,
    organizations: client.organizations,
    require_mfa: client.requireMfa,
    created_at: client.createdAt,
  };
}

export function registerClientCommands(program: Command, run: CliRun): void {
  const { cwd, stdout, stderr } = run.io;
  const clients = program.command('clients').description('manage OAuth clients');

  clients
    .command('create')
    .description('register a client; its secret is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'a name people will recognise')
    .requiredOption(
      '--grant-types <list>',
      `comma-separated: client_credentials, authorization_code, refresh_token, ${DEVICE_CODE_GRANT_TYPE} ` +
        '(or device_code for short)',
    )
    .option('--scope <scopes>', 'space-separated scopes the client may request', '')
    .option('--audience <uri>', 'audience of its access tokens when no resource is requested')
    .option('--resource <uri>', 'an RFC 8707 resource the client may request (repeatable)', collect, [])
    .addOption(
      new Option(
        '--auth-method <method>',
        'how it authenticates (default client_secret_basic; a secret client may also use client_secret_post; ' +
          'none is --public)',
      ).choices(CLIENT_AUTH_METHODS),
    )
    .addOption(
      new Option('--jwks <json>', 'public JSON Web Key Set, for private_key_jwt').conflicts('jwksFile'),
    )
    .option('--jwks-file <path>', 'file holding the public JSON Web Key Set, for private_key_jwt')
    .option('--access-token-ttl <seconds>', 'access token lifetime (default 900)', parseSeconds)
    .option(
      '--redirect-uri <uri>',
      'an exact redirect URI for authorization_code (repeatable; no wildcards)',
      collect,
      [],
    )
    .option(
      '--post-logout-redirect-uri <uri>',
      'an exact URI to return to after sign-out (repeatable)',
      collect,
      [],
    )
    .option(
      '--allowed-origin <origin>',
      'a web origin (https://app.example.com) that may call the token, userinfo, revocation and introspection ' +
        'endpoints from a browser, besides those of the redirect URIs (repeatable)',
      collectOrigin,
      [],
    )
    .option('--public', 'a public client (browser or native app): no secret, PKCE only')
    .option('--first-party', 'your own app, for authorization_code: users are not asked for consent')
    .option(
      '--id-token-signed-response-alg <alg>',
      "RS256: sign this app's ID tokens with RS256 whatever the server's signing algorithm",
    )
    .addOption(
      new Option(
        '--organizations <policy>',
        'required: a person in several organizations picks one at sign-in when the app names none (default optional)',
      ).choices(ORGANIZATION_POLICIES),
    )
    .option(
      '--require-mfa',
      'every sign-in for this app needs a second factor (people without one set up TOTP first)',
    )
    .option(
      '--role <role>',
      'a global catalogue role the client holds in its client_credentials tokens (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions) => {
      const jwks = readJwks(cwd, options);
      const { client, clientSecret } = await withRuntime(run, (runtime) =>
        registerClientWithRoles(
          { ...runtime.stores, clock: systemClock },
          {
            name: options.name,
            grantTypes: splitList(options.grantTypes).map(grantTypeNamed),
            scopes: splitList(options.scope ?? ''),
            audience: options.audience,
            resources: options.resource,
            authMethod: options.authMethod,
            jwks,
            accessTokenTtlSeconds: options.accessTokenTtl,
            redirectUris: options.redirectUri,
            postLogoutRedirectUris: options.postLogoutRedirectUri,
            allowedOrigins: options.allowedOrigin,
            public: options.public,
            firstParty: options.firstParty,
            idTokenSignedResponseAlg: options.idTokenSignedResponseAlg,
            organizations: options.organizations,
            requireMfa: options.requireMfa,
          },
          options.role,
        ),
      );
      if (options.json) {
        stdout.write(`${JSON.stringify({ client_id: client.id, client_secret: clientSecret })}\n`);
        return;
      }
      stdout.write(`client_id:     ${client.id}\n`);
      if (clientSecret !== undefined) {
        stdout.write(
          `client_secret: ${clientSecret}\n\nStore the secret now: Tessera keeps only a hash of it.\n`,
        );
      }
    });

  clients
    .command('list')
    .description('list clients')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(run, (runtime) => listClients(runtime.stores));
      if (options.json) {
        stdout.write(`${JSON.stringify(list.map(clientJson))}\n`);
        return;
      }
      stdout.write(
        formatTable(
          list.map((c) => ({
            id: c.id,
            name: c.name,
            grants: c.grantTypes.join(','),
            auth: c.authMethod,
            scope: c.scopes.join(' '),
            audience: c.audience ?? '-',
            created: formatTime(c.createdAt),
          })),
          ['id', 'name', 'grants', 'auth', 'scope', 'audience', 'created'],
        ),
      );
    });

  clients
    .command('delete')
    .description('delete a client; running servers stop issuing it tokens within seconds')
    .argument('<id>', 'client_id')
    .action(async (id: string) => {
      const outcome = await withRuntime(run, (runtime) => deleteClient(runtime.stores, id));
      if (outcome === 'unknown') {
        stderr.write(`tessera: no client with id ${id}\n`);
        run.exitStatus = 1;
        return;
      }
      stdout.write(`deleted client ${id}\n`);
    });

  clients
    .command('set-roles')
    .description(
      "replace a machine client's global roles (none: take them all), or with --organization its roles there; " +
        'they show in its next client_credentials token',
    )
    .argument('<id>', 'client_id')
    .option('--role <role>', 'a role (repeatable)', collect, [])
    .option(
      '--organization <org>',
      'an organization (id or name) the client was added to with orgs add-client',
    )
    .action(async (id: string, options: { role: string[]; organization?: string }) => {
      const outcome = await withRuntime(run, (runtime) =>
        setClientRoles(
          { ...runtime.stores, clock: systemClock },
          { client: id, roles: options.role, organization: options.organization },
        ),
      );
      const where = outcome.organization ? ` in ${outcome.organization.name}` : ' globally';
      stdout.write(
        outcome.roles.length === 0
          ? `client ${id} now holds no roles${where}\n`
          : `client ${id} now holds ${outcome.roles.join(', ')}${where}\n`,
      );
    });
}
