// The pages' paths, named once: the routes register them, redirects and links point at them. The two pages an
// emailed link opens take their paths from the accounts module that writes the email, so link and page agree.
import { RESET_LINK_PATH } from '../accounts/password-reset.js';
import { SIGNUP_LINK_PATH } from '../accounts/sign-up-by-email.js';

export const UI_PATHS = {
  signIn: '/login',
  signUp: '/signup',
  signUpComplete: SIGNUP_LINK_PATH,
  forgotPassword: '/forgot-password',
  resetPassword: RESET_LINK_PATH,
  stylesheet: '/ui/tessera.css',
  favicon: '/ui/favicon.svg',
} as const;
