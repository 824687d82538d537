/**
 * Entry point of the SOC dashboard page: adopts the token from the URL fragment, shows the
 * sign-in form without one, and mounts the dashboard once `GET api/session` accepts it.
 */
import { ApiError, createApi, describeError } from './api.js';
import { Dashboard, type Session } from './dashboard.js';
import { h, replace } from './dom.js';
import { adoptFragmentToken, showSignIn, storedToken, storeToken } from './sign-in.js';

/** The directory the page was served from: the API lives under it (`api/…`). */
const base = new URL('../', import.meta.url);
const app = document.getElementById('app') ?? document.body;

let stopCurrent: (() => void) | null = null;

async function start(): Promise<void> {
  stopCurrent?.();
  stopCurrent = null;
  let signedOut = false;
  const signOut = (message?: string) => {
    if (signedOut) return;
    signedOut = true;
    stopCurrent?.();
    stopCurrent = null;
    storeToken(null);
    showSignIn(app, () => void start(), message);
  };
  const api = createApi(base, storedToken, () => signOut('The token was refused; sign in again.'));
  let session: Session;
  try {
    session = await api.get<Session>('api/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    replace(
      app,
      h(
        'main',
        { class: 'signin-page' },
        h('p', { role: 'alert', class: 'error' }, describeError(error)),
      ),
    );
    return;
  }
  const dashboard = new Dashboard(app, api, session, () => signOut());
  stopCurrent = () => dashboard.stop();
  dashboard.mount();
}

adoptFragmentToken();
if (storedToken()) void start();
else showSignIn(app, () => void start());
