// Sign-in and the API. Tokens live in sessionStorage (this tab only) and come only from the
// sign-in form: a token taken from the URL would let a crafted link sign a victim's tab into
// another account. Every call carries the token; a 401 refreshes it once, then asks to sign in.
import { T } from './i18n.js';

export const session = {
  get access() { return sessionStorage.getItem('ioc.access'); },
  get refresh() { return sessionStorage.getItem('ioc.refresh'); },
  save(t) {
    sessionStorage.setItem('ioc.access', t.access_token);
    if (t.refresh_token) sessionStorage.setItem('ioc.refresh', t.refresh_token);
    if (t.expires_in) scheduleRefresh(t.expires_in);
  },
  clear() { sessionStorage.removeItem('ioc.access'); sessionStorage.removeItem('ioc.refresh'); }
};

let refreshTimer = null;
function scheduleRefresh(expiresIn) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(10, expiresIn - 60) * 1000);
}

// One refresh at a time: a refresh token works once, and a second use counts as a replay.
let refreshing = null;
export function refresh() {
  if (!refreshing) refreshing = doRefresh().finally(() => { refreshing = null; });
  return refreshing;
}
async function doRefresh() {
  if (!session.refresh) return false;
  const r = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: session.refresh }) });
  if (!r.ok) return false;
  session.save(await r.json());
  return true;
}

export function tokenClaims(token) {
  try { return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch (e) { return {}; }
}
export function tokenAlive() { return session.access && (tokenClaims(session.access).exp || 0) * 1000 > Date.now(); }

/** A request with the session's token: the response, after one refresh on 401. */
export async function send(method, path, body) {
  const go = () => fetch(path, {
    method,
    headers: Object.assign({ Authorization: 'Bearer ' + session.access },
      body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  let r = await go();
  if (r.status === 401 && await refresh()) r = await go();
  if (r.status === 401) { showLogin(); throw new Error('signed out'); }
  return r;
}

/** A read: the JSON body, or an error naming the path and status. */
export async function api(path) {
  const r = await send('GET', path);
  if (!r.ok) throw new Error(path + ' -> ' + r.status);
  return r.json();
}

/** A write (POST unless told): the response, for the caller to read its status. */
export function post(path, body, method) { return send(method || 'POST', path, body ?? {}); }

const form = () => document.getElementById('login');
export function showLogin() { session.clear(); form().hidden = false; document.getElementById('logout').hidden = true; }

/** Wires the sign-in form; {@code onSignedIn} runs once a token is held (now, or after the form). */
export function signIn(onSignedIn) {
  const loginForm = form();
  loginForm.addEventListener('submit', async ev => {
    ev.preventDefault();
    const error = document.getElementById('login-error');
    error.textContent = '';
    try {
      const r = await fetch('/api/v1/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: loginForm.username.value, password: loginForm.password.value }) });
      if (r.status === 429) { error.textContent = T.locked; return; }
      if (!r.ok) { error.textContent = r.status === 401 ? T.badLogin : T.loginFailed; return; }
      session.save(await r.json());
      loginForm.password.value = '';
      loginForm.hidden = true;
      onSignedIn();
    } catch (e) { error.textContent = T.loginFailed; }
  });
  document.getElementById('logout').addEventListener('click', () => { session.clear(); location.reload(); });
  if (session.access) onSignedIn(); else { showLogin(); loginForm.username.focus(); }
}
