// @ts-check
// The read token: moved from the address bar into this tab's sessionStorage, sent in headers, never put in a URL.

const KEY = 'hookhive.token';
/** The stream's subprotocol; the server selects it when offered, which a browser requires once any is offered. */
const PROTOCOL = 'hookhive';
const BEARER_PREFIX = 'hookhive.bearer.';

// sessionStorage can be unavailable (storage disabled, opaque origins): the token then lives as long as the page.
let current = '';
try { current = sessionStorage.getItem(KEY) || ''; } catch { /* memory only */ }

/** @param {string} value */
export function setToken(value) {
  current = value;
  try {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  } catch { /* memory only */ }
}

/**
 * `#token=` (never sent to any server) or an old `?token=` link: keep the token, drop it from the address bar
 * (history, bookmarks, screen shares) and leave every other parameter as it was.
 */
export function adoptTokenFromUrl() {
  const url = new URL(location.href);
  const hash = new URLSearchParams(url.hash.slice(1));
  const fromHash = hash.get('token');
  const fromQuery = url.searchParams.get('token');
  if (fromHash === null && fromQuery === null) return;
  const given = (fromHash || fromQuery || '').trim();
  if (given) setToken(given);
  hash.delete('token');
  url.searchParams.delete('token');
  const rest = hash.toString();
  history.replaceState(history.state, '', url.pathname + url.search + (rest ? '#' + rest : ''));
}

/** @returns {Record<string, string>} */
export function authHeaders() {
  return current ? { authorization: 'Bearer ' + current } : {};
}

/** Browsers cannot set headers on a WebSocket: the token rides in a subprotocol, base64url so any token fits. */
/** @returns {string[]} */
export function streamProtocols() {
  return current ? [PROTOCOL, BEARER_PREFIX + base64url(current)] : [PROTOCOL];
}

/** @param {string} text */
function base64url(text) {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What to tell the user about a refused read, by status. @param {number} status @param {string} detail */
export function refusalMessage(status, detail) {
  const why = detail ? ' (' + detail + ')' : '';
  if (status === 403) return 'This token may not read events' + why + '. A read token is enough; enter one below.';
  if (current) return 'The token was refused' + why + '. Enter a valid one below; a read token is enough.';
  return 'This service needs a token to read events' + why + '. Enter one below; a read token is enough.';
}

/**
 * Shows the token form (the why is the page's notice); `onToken` runs once the entered token is stored.
 * @param {HTMLFormElement} form @param {() => void} onToken
 */
export function askForToken(form, onToken) {
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input'));
  form.hidden = false;
  input.value = '';
  input.focus();
  form.onsubmit = (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    input.value = '';
    form.hidden = true;
    form.onsubmit = null;
    setToken(value);
    onToken();
  };
}
