// The pages' paths, named once: the routes register them, redirects, links and the views' forms point at them. The
// pages that emails link to take their paths from the accounts module that writes the email, so link and page agree.
import { RESET_LINK_PATH } from '../accounts/password-reset.js';
import { SIGN_IN_PATH } from '../accounts/sign-in-with-password.js';
import { SIGNUP_LINK_PATH } from '../accounts/sign-up-by-email.js';
import { INVITATION_LINK_PATH } from '../authz/rbac/invitations.js';
import { DEVICE_VERIFICATION_PATH } from '../oauth/device/start-device-authorization.js';
import { ENDPOINT_PATHS } from '../oauth/endpoint-paths.js';

export const UI_PATHS = {
  signIn: SIGN_IN_PATH,
  /** Signing in with a passkey instead of a password: its options (JSON), then the assertion (a form post). */
  passkeySignIn: `${SIGN_IN_PATH}/passkey`,
  passkeySignInOptions: `${SIGN_IN_PATH}/passkey/options`,
  /** The second step of signing in, for accounts with TOTP on or a passkey. */
  secondFactor: `${SIGN_IN_PATH}/second-factor`,
  passkeySecondFactor: `${SIGN_IN_PATH}/second-factor/passkey`,
  passkeySecondFactorOptions: `${SIGN_IN_PATH}/second-factor/passkey/options`,
  signUp: '/signup',
  signUpComplete: SIGNUP_LINK_PATH,
  forgotPassword: '/forgot-password',
  resetPassword: RESET_LINK_PATH,
  /** Where an invitation to an organization is accepted (its emailed link's page). */
  invitation: INVITATION_LINK_PATH,
  /** The signed-in person's own page, and its forms. */
  account: '/account',
  totpEnrolment: '/account/totp',
  totpSetup: '/account/totp/setup',
  totpConfirm: '/account/totp/confirm',
  totpDisable: '/account/totp/disable',
  recoveryCodes: '/account/recovery-codes',
  /** Where a person enters a device's user code (RFC 8628 §3.3), and answers its request. */
  device: DEVICE_VERIFICATION_PATH,
  deviceDecision: `${DEVICE_VERIFICATION_PATH}/decision`,
  accountProfile: '/account/profile',
  accountPassword: '/account/password',
  accountSignOutSession: '/account/sessions/sign-out',
  accountRevokeApplication: '/account/applications/revoke',
  passkeys: '/account/passkeys',
  passkeyOptions: '/account/passkeys/options',
  passkeyRename: '/account/passkeys/rename',
  passkeyRemove: '/account/passkeys/remove',
  /** The passkey ceremonies' script, and the @simplewebauthn/browser bundle it uses, both served by Tessera. */
  passkeysScript: '/ui/passkeys.js',
  webauthnScript: '/ui/simplewebauthn-browser.js',
  stylesheet: '/ui/tessera.css',
  favicon: '/ui/favicon.svg',
} as const;

/** Every path a view links or posts to, given to each view as `it.paths` (render-page.ts). */
export const VIEW_PATHS = {
  ...UI_PATHS,
  home: '/',
  consent: ENDPOINT_PATHS.consent,
  endSession: ENDPOINT_PATHS.endSession,
  endSessionConfirm: ENDPOINT_PATHS.endSessionConfirm,
} as const;
