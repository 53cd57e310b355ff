// Browser guards: which Host names are served (DNS rebinding) and which Origins may read or write (cross-site pages).

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `example.com:8000` → `example.com`, `[::1]:8000` → `[::1]`; lower-cased. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

export function isLoopbackAddress(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}

/**
 * While bound to loopback, only loopback names (and HOOK_ALLOWED_HOSTS) are served; with HOOK_ALLOWED_HOSTS set,
 * only those (and loopback) on any address. A request without Host (HTTP/1.0) cannot come from a browser page.
 */
export function hostAllowed(host: string | undefined, opts: { loopback: boolean; allowedHosts: readonly string[] }): boolean {
  if (host === undefined || (!opts.loopback && opts.allowedHosts.length === 0)) return true;
  const name = hostName(host);
  if (LOOPBACK_HOSTS.has(name)) return true;
  return opts.allowedHosts.some((h) => h.toLowerCase() === name || h.toLowerCase() === host.trim().toLowerCase());
}

/**
 * No Origin (agents, curl, same-origin GETs) is fine; otherwise it must be the service's own origin (a page
 * served from the Host the request was sent to, over http or https: a TLS proxy may sit in front) or one
 * listed in HOOK_ALLOWED_ORIGINS. `null` (sandboxed frames, file://) never is.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  if (host === undefined) return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const given = host.trim().toLowerCase();
  return u.host === given || u.host === given.replace(/:(80|443)$/, '');
}
