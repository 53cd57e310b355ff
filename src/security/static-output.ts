// What a command prints when its output is fixed by its own words: echo, printf, cat of a heredoc, and the decoders
// (base64 -d, xxd -r -p, openssl base64 -d, rev, tr) over such text. Shells fed that text run it; it is judged.
import { DYN } from './model.js';
import type { SimpleCommand } from './model.js';
import { normPath } from './paths.js';
import type { ShellState } from './shell-state.js';

// Long pipelines of producers are not followed; past this size text is not decoded (real payloads are small).
const MAX_CHAIN = 16;
const MAX_TEXT = 65536;

/** The text on `cmd`'s stdin when it is static (DYN where it is expanded at run time); undefined when unknown. */
export function stdinOf(cmd: SimpleCommand, state: ShellState, depth = 0): string | undefined {
  if (cmd.stdinText !== undefined) return cmd.stdinText;
  if (cmd.input !== undefined && depth < MAX_CHAIN) return outputOf(cmd.input, state, depth + 1);
  return undefined;
}

/** True when something is fed to `cmd`'s stdin (a pipe, a heredoc, a redirection): a shell then runs it. */
export function hasStdin(cmd: SimpleCommand): boolean {
  return cmd.stdinText !== undefined || cmd.input !== undefined || cmd.feeders.length > 0 || cmd.redirects.some((r) => r.op === '<');
}

/** The text a file written earlier in the same command holds, when it is static. */
export function fileText(path: string, cwd: string | undefined, state: ShellState): string | undefined {
  const p = normPath(path, cwd);
  const f = p === null ? undefined : state.files.get(p);
  return f?.kind === 'text' ? f.text : undefined;
}

/** What `cmd` prints on stdout when that is static; undefined when it is not known. */
export function outputOf(cmd: SimpleCommand, state: ShellState, depth = 0): string | undefined {
  const out = produce(cmd, state, depth);
  return out !== undefined && out.length <= MAX_TEXT ? out : undefined;
}

function produce(cmd: SimpleCommand, state: ShellState, depth: number): string | undefined {
  const a = cmd.argv;
  const input = (): string | undefined => {
    const files = a.slice(1).filter((w) => !w.startsWith('-') || w === '-');
    if (files.length === 0 || (files.length === 1 && files[0] === '-')) return stdinOf(cmd, state, depth);
    let text = '';
    for (const f of files) {
      const t = fileText(f, cmd.cwd, state);
      if (t === undefined) return undefined;
      text += t;
    }
    return text;
  };
  switch (cmd.name) {
    case 'echo':
      return echo(a);
    case 'printf':
      return printf(a);
    case 'cat':
    case 'tee':
      return cmd.name === 'tee' ? stdinOf(cmd, state, depth) : input();
    case 'base64':
      return a.some((w) => /^-[a-zA-Z]*[dD]/.test(w) || w === '--decode') ? fromBase64(input()) : undefined;
    case 'openssl':
      return (a[1] === 'base64' || (a[1] === 'enc' && (a.includes('-a') || a.includes('-base64')))) && a.includes('-d') ? fromBase64(stdinOf(cmd, state, depth)) : undefined;
    case 'xxd':
      return a.some((w) => /^-[a-z]*r/.test(w)) && a.some((w) => /^-[a-z]*p|^-plain$|^-ps$/.test(w)) ? fromHex(input()) : undefined;
    case 'rev': {
      const t = input();
      return t?.split('\n').map((l) => [...l].reverse().join('')).join('\n');
    }
    case 'tr':
      return tr(a, stdinOf(cmd, state, depth));
    default:
      return undefined;
  }
}

function echo(a: readonly string[]): string {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < a.length && /^-[neE]+$/.test(a[i]); i++) {
    if (a[i].includes('n')) newline = false;
    if (a[i].includes('e')) escapes = true;
  }
  const text = a.slice(i).join(' ');
  // zsh and dash echo decode escapes without -e: assume the worst reading.
  const body = escapes || /\\(x[0-9a-fA-F]|0?[0-7]{2,3})/.test(text) ? unescape(text) : text;
  return newline ? body + '\n' : body;
}

/** Backslash escapes as printf's format and %b (and echo -e) decode them. */
function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[1-7][0-7]{0,2}|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 255);
    return { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', '\\': '\\' }[e] ?? '\\' + e;
  });
}

/** printf FORMAT ARGS: the format is reused until the arguments run out, as the shell does. */
function printf(a: readonly string[]): string | undefined {
  let i = 1;
  if (a[i] === '-v') return '';
  if (a[i] === '--') i++;
  const format = a[i];
  if (format === undefined || format.includes(DYN)) return format === undefined ? undefined : DYN;
  const args = a.slice(i + 1);
  let out = '';
  let k = 0;
  for (let round = 0; round < 64; round++) {
    let used = false;
    out += unescape(format).replace(/%([-+ #0]*\d*(?:\.\d+)?)([sbdiqcxXouf%])/g, (_m, _w: string, conv: string) => {
      if (conv === '%') return '%';
      used = true;
      const v = args[k++] ?? '';
      if (conv === 'b') return unescape(v);
      if (conv === 'c') return v.slice(0, 1);
      return v;
    });
    if (!used || k >= args.length) break;
  }
  return out;
}

function fromBase64(text: string | undefined): string | undefined {
  if (text === undefined || text.includes(DYN)) return undefined;
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean, 'base64').toString('latin1');
}

function fromHex(text: string | undefined): string | undefined {
  if (text === undefined || text.includes(DYN)) return undefined;
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Buffer.from(clean, 'hex').toString('latin1');
}

/** tr SET1 SET2 with ranges (the rot13 trick); deleting, squeezing or complementing is not modelled. */
function tr(a: readonly string[], text: string | undefined): string | undefined {
  if (text === undefined || a.length !== 3 || a[1].startsWith('-')) return undefined;
  const from = expandSet(a[1]);
  const to = expandSet(a[2]);
  if (from === undefined || to === undefined || to.length === 0) return undefined;
  const map = new Map<string, string>();
  for (let i = 0; i < from.length; i++) map.set(from[i], to[Math.min(i, to.length - 1)]);
  return [...text].map((c) => map.get(c) ?? c).join('');
}

function expandSet(s: string): string[] | undefined {
  if (s.includes(DYN) || s.includes('[:')) return undefined;
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i + 2 < s.length && s[i + 1] === '-') {
      const lo = s.charCodeAt(i);
      const hi = s.charCodeAt(i + 2);
      if (hi < lo || hi - lo > 256) return undefined;
      for (let c = lo; c <= hi; c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(s[i]);
  }
  return out;
}
