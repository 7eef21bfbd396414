// The device flow (RFC 8628) as tests drive it: a device starting it and polling over plain HTTP, and a person
// approving or denying the user code on the /device page with a FormBrowser.
import { DEVICE_CODE_GRANT_TYPE } from '../../src/oauth/clients/client.js';
import { FormBrowser } from './form-browser.js';
import { PASSWORD } from './sign-in-fixtures.js';
import { postForm, type TestServer } from './test-server.js';

export { DEVICE_CODE_GRANT_TYPE };

export interface DeviceStart {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function json(response: Response): Promise<JsonResponse> {
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** A public device app (the usual kind), with refresh tokens. */
export function createDeviceApp(
  tessera: TestServer,
  options: { public?: boolean; firstParty?: boolean } = {},
) {
  return tessera.createClient({
    name: 'Living Room TV',
    grantTypes: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
    scopes: ['shows:watch'],
    public: options.public ?? true,
  });
}

export async function requestDeviceAuthorization(
  issuer: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return json(await postForm(`${issuer}/oauth2/device_authorization`, params, headers));
}

/** Starts the flow; throws unless the server answered 200. */
export async function startDeviceFlow(
  issuer: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<DeviceStart> {
  const response = await requestDeviceAuthorization(issuer, params, headers);
  if (response.status !== 200)
    throw new Error(`device authorization failed: ${JSON.stringify(response.body)}`);
  return response.body as unknown as DeviceStart;
}

/** One poll of the token endpoint with the device code. */
export async function pollDeviceToken(
  issuer: string,
  clientId: string,
  deviceCode: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return json(
    await postForm(
      `${issuer}/oauth2/token`,
      {
        grant_type: DEVICE_CODE_GRANT_TYPE,
        device_code: deviceCode,
        ...(headers.authorization ? {} : { client_id: clientId }),
      },
      headers,
    ),
  );
}

/** A browser signed in as the test user (ann@example.com), through the /device page's sign-in redirect. */
export async function signedInDeviceBrowser(
  tessera: TestServer,
  email = 'ann@example.com',
): Promise<FormBrowser> {
  const browser = new FormBrowser(tessera.issuer);
  const login = await browser.follow('/device');
  const entry = await browser.submit(login, { email, password: PASSWORD });
  if (!entry.body.includes('action="/device"'))
    throw new Error(`no device entry page after sign-in: ${entry.status}`);
  return browser;
}

/** Enters `typed` on the /device page; the confirmation page, or the entry form again with its error. */
export async function enterUserCode(browser: FormBrowser, typed: string) {
  const entry = await browser.follow('/device');
  return browser.submit(entry, { user_code: typed });
}

/** Enters the code and answers the confirmation page; the page the answer leads to. */
export async function answerDeviceRequest(browser: FormBrowser, typed: string, decision: 'approve' | 'deny') {
  const confirmation = await enterUserCode(browser, typed);
  if (!confirmation.body.includes('action="/device/decision"'))
    throw new Error(`no confirmation page for ${typed}: ${confirmation.status}`);
  return browser.submit(confirmation, { decision });
}
