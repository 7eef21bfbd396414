// Tessera's own pages (sign-in with a password or a passkey and its second factor, sign-up, password reset, home, the
// account, the device page, the invitation page) and their assets, registered with only what they use.
import type { FastifyInstance } from 'fastify';
import type { BrowserSessionDependencies } from '../http/browser-session.js';
import { type AccountFormsDependencies, registerAccountForms } from './account-forms.js';
import { type AccountPageDependencies, registerAccountPage } from './account-page.js';
import { registerAccountPasskeyPages } from './account-passkey-pages.js';
import { registerAccountTotpPages } from './account-totp-pages.js';
import { type DevicePageDependencies, registerDevicePage } from './device-page.js';
import { registerHomePage } from './home-page.js';
import { type InvitationPageDependencies, registerInvitationPage } from './invitation-page.js';
import { type LoginPageDependencies, registerLoginPage } from './login-page.js';
import { type PasskeySignInPagesDependencies, registerPasskeySignInPages } from './passkey-sign-in-pages.js';
import { type PasswordResetPagesDependencies, registerPasswordResetPages } from './password-reset-pages.js';
import { registerSecondFactorPage, type SecondFactorPageDependencies } from './second-factor-page.js';
import { registerSignUpPage, type SignUpPageDependencies } from './signup-page.js';
import { registerUiAssetRoutes } from './ui-asset-routes.js';

export type UiRouteDependencies = BrowserSessionDependencies &
  LoginPageDependencies &
  SignUpPageDependencies &
  PasswordResetPagesDependencies &
  SecondFactorPageDependencies &
  PasskeySignInPagesDependencies &
  AccountPageDependencies &
  DevicePageDependencies &
  InvitationPageDependencies &
  AccountFormsDependencies;

export function registerUiRoutes(app: FastifyInstance, deps: UiRouteDependencies): void {
  registerLoginPage(app, deps);
  registerSecondFactorPage(app, deps);
  registerPasskeySignInPages(app, deps);
  registerHomePage(app, deps);
  registerSignUpPage(app, deps);
  registerPasswordResetPages(app, deps);
  registerAccountPage(app, deps);
  registerAccountTotpPages(app, deps);
  registerDevicePage(app, deps);
  registerInvitationPage(app, deps);
  registerAccountForms(app, deps);
  registerAccountPasskeyPages(app, deps);
  registerUiAssetRoutes(app);
}
