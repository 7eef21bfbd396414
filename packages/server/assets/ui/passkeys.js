// The passkey ceremonies of Tessera's pages, run by @simplewebauthn/browser (served beside this file as
// /ui/simplewebauthn-browser.js, the global SimpleWebAuthnBrowser). Each form.passkey names where its options come
// from (data-passkey-options); the script fetches them (a same-origin POST with the form's CSRF token), asks the
// browser for the passkey, and posts the browser's answer in the form's hidden `response` field, so the server
// answers with a page as it does for every other form. A form with data-passkey-autofill also offers the passkeys in
// the email field's autofill (conditional mediation), where the browser supports it. No inline script: the pages'
// CSP allows only files from Tessera.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn?.browserSupportsWebAuthn()) return;

  for (const note of document.querySelectorAll('[data-passkey-unsupported]')) note.hidden = true;

  const CANCELLED = 'The passkey request was cancelled or timed out. Try again when you are ready.';

  function showError(form, code, message) {
    const line = form.querySelector('[data-passkey-error]');
    if (!line) return;
    line.textContent = message;
    line.dataset.errorCode = code;
    line.hidden = false;
  }

  function clearError(form) {
    const line = form.querySelector('[data-passkey-error]');
    if (line) line.hidden = true;
  }

  /** The ceremony's options from the server; a refusal that names a page (sign in again) goes there. */
  async function optionsFor(form) {
    const body = new URLSearchParams({ csrf_token: form.elements.csrf_token.value });
    if (form.elements.return_to) body.set('return_to', form.elements.return_to.value);
    const response = await fetch(form.dataset.passkeyOptions, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    const answer = await response.json().catch(() => ({ error: 'passkey_failed', message: CANCELLED }));
    if (response.ok) return answer;
    if (answer.location) window.location.assign(answer.location);
    const failure = new Error(answer.message || 'The passkey could not be used.');
    failure.code = answer.error || 'passkey_failed';
    throw failure;
  }

  function post(form, credential) {
    form.elements.response.value = JSON.stringify(credential);
    form.submit();
  }

  function report(form, error) {
    if (error.code) showError(form, error.code, error.message);
    else if (error.name === 'NotAllowedError' || error.name === 'AbortError')
      showError(form, 'passkey_cancelled', CANCELLED);
    else showError(form, 'passkey_unavailable', 'This browser could not use a passkey here.');
  }

  async function run(form) {
    clearError(form);
    try {
      const optionsJSON = await optionsFor(form);
      const registering = form.id === 'passkey-register';
      const credential = registering
        ? await webauthn.startRegistration({ optionsJSON })
        : await webauthn.startAuthentication({ optionsJSON });
      post(form, credential);
    } catch (error) {
      report(form, error);
    }
  }

  /** The passkeys offered in the email field's autofill; a choice there signs in like the button. */
  async function offerAutofill(form) {
    if (!(await webauthn.browserSupportsWebAuthnAutofill())) return;
    try {
      const optionsJSON = await optionsFor(form);
      post(form, await webauthn.startAuthentication({ optionsJSON, useBrowserAutofill: true }));
    } catch (error) {
      // Cancelled when the button starts a ceremony of its own; other failures show when the button is used.
      if (error.code) report(form, error);
    }
  }

  for (const form of document.querySelectorAll('form.passkey')) {
    form.hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (form.elements.name && !form.elements.name.reportValidity()) return;
      run(form);
    });
    if (form.hasAttribute('data-passkey-autofill')) offerAutofill(form);
  }
})();
