/** Signing in: the token from the URL fragment or pasted in a form, kept in sessionStorage. */
import { h, replace } from './dom.js';
import { tokenFromHash } from './token.js';

const TOKEN_KEY = 'openmdr.dashboard.token';

/** The token kept for this browser tab, if any. */
export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Keeps (or, with `null`, forgets) the token for this browser tab. */
export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage disabled: the token lives for this page only.
  }
}

/** Takes the token out of the fragment (so it leaves the address bar and the history). */
export function adoptFragmentToken(): void {
  const { token, rest } = tokenFromHash(location.hash);
  if (token === null) return;
  storeToken(token);
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
}

/** Shows the sign-in form in `app`; `onToken` runs with the pasted token once stored. */
export function showSignIn(app: HTMLElement, onToken: () => void, message?: string): void {
  const input = h('input', {
    id: 'signin-token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    'data-testid': 'signin-token',
  });
  const form = h(
    'form',
    { class: 'signin', 'data-testid': 'signin-form', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'OpenMDR SOC dashboard'),
    message ? h('p', { role: 'alert', class: 'error' }, message) : null,
    h('label', { for: 'signin-token' }, 'Access token'),
    input,
    h('button', { type: 'submit', 'data-testid': 'signin-submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token === '') return;
    storeToken(token);
    onToken();
  });
  replace(app, h('main', { class: 'signin-page' }, form));
  input.focus();
}
