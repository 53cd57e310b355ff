// @ts-check
// The service's HTTP reads and writes, with the token's header; a refusal carries its status so the page can ask for a token.
import { authHeaders, refusalMessage } from './auth.js';

export class ReadError extends Error {
  /** @param {string} message @param {number} status @param {unknown} [body] */
  constructor(message, status, body) { super(message); this.status = status; this.body = body; }
}

/** @param {unknown} e */
export const refused = (e) => e instanceof ReadError && (e.status === 401 || e.status === 403);

/** @param {Response} res */
async function errorOf(res) {
  /** @type {Record<string, unknown>} */
  let body = {};
  try { body = await res.json(); } catch { /* not JSON */ }
  const detail = typeof body.message === 'string' ? body.message : '';
  return { body, detail };
}

/**
 * GET a JSON resource of the service (a path relative to the page, so a service under a prefix works).
 * @param {string} path @param {string} what named in the message of a failure
 * @returns {Promise<any>}
 */
export async function getJson(path, what) {
  const res = await fetch(new URL(path, location.href), { headers: { accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  if (!res.ok) {
    const { body, detail } = await errorOf(res);
    const message = res.status === 401 || res.status === 403 ? refusalMessage(res.status, detail) : what + ' failed: ' + (detail || 'HTTP ' + res.status);
    throw new ReadError(message, res.status, body);
  }
  return res.json();
}

/**
 * POST JSON; answers `{status, body}` whatever the status, since 403 and 409 mean something to the caller.
 * @param {string} path @param {unknown} payload @returns {Promise<{ status: number, body: any }>}
 */
export async function postJson(path, payload) {
  const res = await fetch(new URL(path, location.href), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(payload),
    cache: 'no-store',
  });
  let body = null;
  try { body = await res.json(); } catch { /* empty or not JSON */ }
  return { status: res.status, body };
}
