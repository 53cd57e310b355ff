// REST deletions sent by hand: curl/wget/httpie/xh with the DELETE method, Elasticsearch delete-by-query, CDN purges.
import type { SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const METHODS = /^(get|head|post|put|patch|delete|options|trace|connect|purge)$/i;

/** The HTTP method curl (`-X M`, `-XM`, `-sXM`, `--request[=]M`), wget (`--method[=]M`) or gh/glab api (`-X`, `--method`) asks for. */
export function requestMethod(argv: readonly string[], long: string, clusters: boolean): string | undefined {
  let method: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') break;
    if (w === long || w === '-X') method = argv[i + 1];
    else if (w.startsWith(long + '=')) method = w.slice(long.length + 1);
    else if (w.startsWith('-X') && w.length > 2) method = w.slice(2);
    else if (clusters && /^-[a-zA-Z]+X/.test(w) && !w.startsWith('--')) {
      const rest = w.slice(w.indexOf('X') + 1);
      method = rest === '' ? argv[i + 1] : rest;
    }
  }
  return method?.toUpperCase();
}

interface Target {
  url: string;
  segments: string[];
}

const URLISH = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]*)(\/[^?#]*)?/i;
const HOST = /^(?:localhost|[\w-]+(?:\.[\w-]+)+|\[[0-9a-f:.]+\])(?::\d+)?$|^[\w.-]+:\d+$|^:\d*$/i;

/** Words that look like a URL (a scheme, httpie's `:9200/x` shorthand, or host[:port]/path), those with a scheme first. */
function targets(words: readonly string[]): Target[] {
  const out: Target[] = [];
  for (const w of words) {
    const m = URLISH.exec(w);
    const scheme = w.includes('://');
    if (m === null || !(scheme || (HOST.test(m[1]) && (m[2] !== undefined || /:\d*$/.test(m[1]))))) continue;
    const segments = (m[2] ?? '').split('/').filter(Boolean).map(unescapeUrl);
    if (scheme) out.unshift({ url: w, segments });
    else out.push({ url: w, segments });
  }
  return out;
}

function unescapeUrl(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const EVERYTHING = (s: string): boolean => s === '_all' || s.includes('*');

function judge(method: string | undefined, words: readonly string[], cmd: SimpleCommand, out: SecurityFinding[]): void {
  const urls = targets(words);
  const byQuery = urls.find((t) => t.segments.includes('_delete_by_query'));
  if (byQuery !== undefined) {
    const wide = byQuery.segments.length === 1 || EVERYTHING(byQuery.segments[0]) || words.some((w) => w.includes('match_all'));
    if (wide) out.push(finding('http.delete-by-query', 'CRITICAL', `Blocked ${cmd.name} ${q(byQuery.url)}: a delete-by-query over every index or every document empties the search cluster.`, cmd));
    else out.push(finding('http.delete-by-query', 'HIGH', `${cmd.name} ${q(byQuery.url)} deletes every document the query matches.`, cmd));
    return;
  }
  if (urls.some((t) => t.segments[t.segments.length - 1] === 'purge_cache') && words.some((w) => /purge_everything/i.test(w))) {
    out.push(finding('http.cdn-purge-all', 'HIGH', `${cmd.name} purges everything from the CDN cache: every request goes to the origin at once.`, cmd));
    return;
  }
  if (method !== 'DELETE') return;
  const wide = urls.find((t) => t.segments.some(EVERYTHING));
  if (wide !== undefined) {
    out.push(finding('http.delete-all', 'CRITICAL', `Blocked an HTTP DELETE of ${q(wide.url)}: _all or a wildcard deletes every matching index or resource at once.`, cmd));
  } else {
    const url = urls[0]?.url ?? 'a URL';
    const root = urls.length > 0 && urls[0].segments.length === 0 && !urls[0].url.includes(DYN);
    if (!root) out.push(finding('http.delete', 'MEDIUM', `${cmd.name} sends an HTTP DELETE to ${q(url)}, which deletes that resource.`, cmd));
  }
}

function curl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  judge(requestMethod(cmd.argv, '--request', true), cmd.argv.slice(1), cmd, out);
}

function wget(cmd: SimpleCommand, out: SecurityFinding[]): void {
  judge(requestMethod(cmd.argv, '--method', false), cmd.argv.slice(1), cmd, out);
}

/** httpie and xh: `http [flags] [METHOD] URL [items]`, the method a bare word before the URL. */
function httpie(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  // Flag values (`--auth user:pw`) may come first: the method is the first method word with a URL after it.
  const at = ops.findIndex((o, i) => i < ops.length - 1 && METHODS.test(o));
  judge(at < 0 ? undefined : ops[at].toUpperCase(), ops.slice(at + 1), cmd, out);
}

export const httpPack: RulePack = {
  name: 'http',
  // The clients' names are keywords already (download rules); these wake the rules in other spellings.
  keywords: ['_delete_by_query', 'purge_everything'],
  rules: [
    { commands: ['curl'], check: curl },
    { commands: ['wget', 'wget2'], check: wget },
    { commands: ['http', 'https', 'xh', 'xhs'], check: httpie },
  ],
};
