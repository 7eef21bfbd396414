// @openfga/sdk clients for a test server's FGA API (apiUrl `<issuer>/fga`), authenticated with API tokens made by the
// same operation the CLI calls, and the mapping of the SDK's errors back to OpenFGA's numeric codes.
import { CredentialsMethod, FgaApiError, OpenFgaClient } from '@openfga/sdk';
import { ErrorCode } from '@tessera/rebac';
import { createFgaApiToken } from '../../../src/authz/fga/create-api-token.js';
import { FGA_SERVER_CODES } from '../../../src/authz/fga/fga-error.js';
import type { TestServer } from '../../support/test-server.js';

export interface FgaClients {
  readonly apiUrl: string;
  /** A client with every FGA scope, for `storeId` when given. */
  client(storeId?: string, token?: string): OpenFgaClient;
  /** A new API token with these scopes. */
  apiToken(scopes: string[]): Promise<string>;
}

export async function fgaClients(server: TestServer): Promise<FgaClients> {
  const apiUrl = `${server.issuer}/fga`;
  const apiToken = async (scopes: string[]) =>
    (
      await createFgaApiToken(
        server.runtime.stores.fgaApiTokens,
        { name: 'test', scopes },
        server.runtime.clock,
      )
    ).token;
  const adminToken = await apiToken(['fga:admin']);
  return {
    apiUrl,
    apiToken,
    client: (storeId, token = adminToken) =>
      new OpenFgaClient({
        apiUrl,
        ...(storeId && { storeId }),
        credentials: { method: CredentialsMethod.ApiToken, config: { token } },
        // Errors are the point of some tests: no retries.
        retryParams: { maxRetry: 0 },
      }),
  };
}

const CODES: Record<string, number> = { ...ErrorCode, ...FGA_SERVER_CODES };

/** OpenFGA's numeric code of an error the SDK threw (from the body's `code` name), or undefined. */
export function errorCodeOf(error: unknown): number | undefined {
  if (!(error instanceof FgaApiError)) return undefined;
  const name = (error as FgaApiError & { apiErrorCode?: string }).apiErrorCode;
  return name === undefined ? undefined : CODES[name];
}

/** The HTTP status of an error the SDK threw. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof FgaApiError ? error.statusCode : undefined;
}

/** The small model the API and CLI tests share: documents in folders, viewers inherited from the folder. */
export const FOLDER_DOCUMENT_MODEL = `model
  schema 1.1
type user
type folder
  relations
    define viewer: [user]
type document
  relations
    define parent: [folder]
    define viewer: [user] or viewer from parent
`;
