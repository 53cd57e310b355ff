// Path normalisation and classification: what a path argument really points at.
import { DYN } from './model.js';

/** Home directory, after normalisation, is spelled `/~` so `~/..` still resolves to `/`. */
const HOME = '/~';

/**
 * Normalises a path word: `~`, `$HOME` → `/~`; `/tmp/../etc` → `/etc`; trailing `/`, `/*`, `/.*` dropped; globs in
 * an absolute path resolved against the standard layout (`/e??` → `/etc`, the worst match when several fit).
 * Relative paths stay relative unless `cwd` is known. Returns null when the path is built at run time.
 */
export function normPath(word: string, cwd?: string): string | null {
  if (word.length === 0) return null;
  if (word[0] === DYN) return null;
  let p = word;
  if (p === '~' || p.startsWith('~/')) p = HOME + p.slice(1);
  else if (/^~[A-Za-z0-9_.-]+(\/|$)/.test(p)) p = '/home/' + p.slice(1);
  if (p[0] !== '/' && cwd !== undefined) p = cwd + '/' + p;
  const abs = p[0] === '/';
  const out: string[] = [];
  let ups = 0;
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0) out.pop();
      else if (!abs) ups++;
      continue;
    }
    out.push(seg);
  }
  // `dir/*` and `dir/.*` remove everything in dir: as destructive as removing dir itself.
  while (out.length > 0 && /^\.?\*+$/.test(out[out.length - 1])) out.pop();
  if (abs) return GLOB.test(p) ? worstMatch(out) : '/' + out.join('/');
  const rel = '../'.repeat(ups) + out.join('/');
  return rel === '' ? '.' : rel.replace(/\/$/, '');
}

const GLOB = /[*?[]/;

// The standard layout of `/` (Linux FHS and macOS) and of a home directory: globs resolve against this table,
// never against the real disk, so a verdict is the same on every machine.
const LAYOUT: Readonly<Record<string, readonly string[]>> = {
  '': [
    'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'snap', 'srv', 'sys', 'tmp', 'usr', 'var',
    'nix', 'Applications', 'Library', 'System', 'Users', 'Volumes', 'private', 'cores', 'lost+found',
  ],
  '~': [
    '.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.config', '.local', '.cache', '.npmrc', '.pypirc', '.netrc', '.git-credentials', '.password-store',
    '.bashrc', '.bash_profile', '.profile', '.zshrc', '.zprofile', '.gitconfig', 'Documents', 'Desktop', 'Downloads', 'Pictures', 'Music', 'Videos', 'Library', 'Movies', 'projects', 'src', 'code',
  ],
  '~/.ssh': ['authorized_keys', 'authorized_keys2', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'known_hosts', 'config'],
  '~/.config': ['gcloud', 'gh', 'git', 'systemd', 'autostart'],
  usr: ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libexec', 'include', 'share', 'src', 'local'],
  'usr/local': ['bin', 'sbin', 'lib', 'include', 'share', 'etc', 'opt', 'Cellar'],
  var: ['lib', 'log', 'cache', 'spool', 'mail', 'backups', 'opt', 'run', 'lock', 'www', 'tmp', 'db', 'folders'],
  etc: [
    'passwd', 'shadow', 'group', 'gshadow', 'sudoers', 'sudoers.d', 'fstab', 'pam.d', 'security', 'crontab', 'ld.so.preload', 'ssh', 'hosts', 'hostname', 'resolv.conf',
    'systemd', 'default', 'init.d', 'apt', 'yum.repos.d', 'nginx', 'ssl', 'cron.d', 'profile', 'environment',
  ],
  'etc/ssh': ['sshd_config', 'ssh_config', 'ssh_host_rsa_key', 'ssh_host_ed25519_key'],
  dev: ['sda', 'sdb', 'hda', 'vda', 'xvda', 'nvme0n1', 'nvme0', 'mmcblk0', 'md0', 'dm-0', 'loop0', 'disk0', 'rdisk0', 'mapper', 'disk', 'null', 'zero', 'random', 'urandom', 'tty', 'shm', 'pts', 'fd'],
  boot: ['vmlinuz', 'initrd.img', 'grub', 'efi', 'EFI'],
  private: ['etc', 'tmp', 'var'],
  System: ['Library', 'Applications', 'Volumes'],
};

// A bound on the paths one glob word can stand for: past it, the rest are not looked at (the worst so far stands).
const MAX_MATCHES = 256;

/** Resolves each glob segment against LAYOUT and returns the worst path the word can match (`/~` for home). */
function worstMatch(segs: readonly string[]): string {
  let paths: string[][] = [[]];
  for (const seg of segs) {
    const next: string[][] = [];
    for (const base of paths) {
      const names = seg.length <= 256 && GLOB.test(seg) && !seg.includes(DYN) ? LAYOUT[layoutKey(base)] : undefined;
      const re = names === undefined ? null : globRegex(seg);
      const hits = re === null ? [] : (names ?? []).filter((n) => re.test(n));
      // No standard entry fits: the glob matches something we do not know, so it stays as written.
      for (const h of hits.length > 0 ? hits : [seg]) if (next.length < MAX_MATCHES) next.push(base.concat(h));
    }
    paths = next;
  }
  let worst = '';
  let rank = -1;
  for (const segsOut of paths) {
    const p = '/' + segsOut.join('/');
    const r = severity(p);
    if (r > rank) [worst, rank] = [p, r];
  }
  return worst;
}

/** The LAYOUT key of a directory: anyone's home (`home/alice`, `Users/bob`, `root`) is `~`. */
function layoutKey(segs: readonly string[]): string {
  return segs.join('/').replace(/^(?:home|Users)\/[^/]+|^root(?=\/|$)/, '~');
}

const CLASSES: Readonly<Record<string, string>> = { lower: 'a-z', upper: 'A-Z', alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', xdigit: '0-9A-Fa-f', punct: '!-/:-@\\[-`{-~', space: ' ', blank: ' ', word: 'A-Za-z0-9_' };

/** A glob segment as an anchored regular expression; like bash without dotglob, a leading `.` must be matched literally. */
function globRegex(seg: string): RegExp | null {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      // The closing bracket is the first `]` after the first character that is not inside a `[:class:]`.
      const close = /^\[[!^]?\]?(?:\[:[a-z]+:\]|[^\]])*\]/.exec(seg.slice(i));
      if (close === null) re += '\\[';
      else {
        let body = close[0].slice(1, -1).replace(/\[:([a-z]+):\]/g, (_m, k: string) => CLASSES[k] ?? '');
        if (body[0] === '!' || body[0] === '^') body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\').replace(/\[/g, '\\[') + ']';
        i += close[0].length - 1;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  try {
    const dot = seg[0] === '.' ? '' : '(?!\\.)';
    return new RegExp(`^${dot}${re}$`);
  } catch {
    return null;
  }
}

/** How bad destroying or overwriting a path is, to pick the worst match of a glob. */
function severity(p: string): number {
  const c = classifyPath(p);
  if (c === 'root') return 10;
  if (c === 'home' || isBlockDevice(p)) return 9;
  if (isCriticalSystemFile(p)) return 8;
  return { system: 7, 'home-secret': 6, 'system-deep': 5, 'home-top': 4, outside: 3, parent: 2, cwd: 2, other: 1, scratch: 0, root: 10, home: 9 }[c];
}

const SYSTEM_TOP = new Set([
  'bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'usr', 'var', 'home', 'mnt', 'media', 'snap', 'Users', 'System', 'Library', 'Applications', 'private', 'Volumes', 'nix', 'cores',
]);
// Application and mount roots: their own children are ordinary directories.
const APP_TOP = new Set(['opt', 'srv', 'mnt', 'media', 'snap', 'Volumes']);
// Scratch space: /tmp, /var/tmp, shared memory, and macOS's /private/tmp and per-user $TMPDIR (/var/folders).
const SCRATCH_TOP = new Set(['tmp', 'var/tmp', 'dev/shm', 'private/tmp', 'private/var/tmp', 'var/folders', 'private/var/folders']);
const SECRET_HOME = /^\/~\/\.(ssh|gnupg|aws|kube|azure|docker|config\/gcloud|password-store|netrc|git-credentials|npmrc|pypirc)(\/|$)/;

/** `outside`: an absolute path that is not scratch, home or system: someone else's files, outside the project. */
export type PathClass = 'root' | 'home' | 'home-secret' | 'home-top' | 'system' | 'system-deep' | 'scratch' | 'parent' | 'cwd' | 'outside' | 'other';

/** Classifies a normalised path for destructive rules. */
export function classifyPath(p: string): PathClass {
  if (p === '/') return 'root';
  if (p === '.') return 'cwd';
  if (p[0] !== '/') return /^(\.\.\/)*\.\.$/.test(p) ? 'parent' : 'other';
  const norm = homeAlias(p);
  if (norm === HOME) return 'home';
  if (norm.startsWith(HOME + '/')) {
    if (SECRET_HOME.test(norm)) return 'home-secret';
    if (norm.slice(HOME.length + 1).includes(DYN) && norm.indexOf('/', HOME.length + 1) < 0) return 'home-top';
    return norm.indexOf('/', HOME.length + 1) < 0 ? 'home-top' : 'other';
  }
  const segs = p.slice(1).split('/');
  // `/$X` could be any top-level directory.
  if (segs[0].includes(DYN)) return 'system-deep';
  if (SCRATCH_TOP.has(segs[0]) || SCRATCH_TOP.has(segs.slice(0, 2).join('/')) || SCRATCH_TOP.has(segs.slice(0, 3).join('/'))) return 'scratch';
  // `/etc/$X` (or `/etc/$X/$Y`) is an unknown entry below /etc: as risky as a deep path, not as the
  // directory itself. The parent has no unknown last part, so this recurses once at most.
  let known = segs.length;
  while (known > 1 && segs[known - 1].includes(DYN)) known--;
  if (known < segs.length) {
    const parent = classifyPath('/' + segs.slice(0, known).join('/'));
    return parent === 'home' ? 'home-top' : parent === 'system' || parent === 'root' ? 'system-deep' : parent;
  }
  if (SYSTEM_TOP.has(segs[0])) {
    const shallow = APP_TOP.has(segs[0]) ? 1 : 2;
    return segs.length <= shallow ? 'system' : 'system-deep';
  }
  return 'outside';
}

/** `/home/alice/...`, `/Users/alice/...` and `/root/...` are someone's home: map them to `/~`. */
export function homeAlias(p: string): string {
  const m = /^\/(?:home|Users)\/[^/]+|^\/root(?=\/|$)/.exec(p);
  return m ? HOME + p.slice(m[0].length) : p;
}

/** Disk and partition device nodes that writing to destroys a file system. */
export function isBlockDevice(p: string): boolean {
  return /^\/dev\/(sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+(n\d+)?|mmcblk\d+|md\d+|dm-\d+|disk\d+|rdisk\d+|mapper\/|loop\d+|sr\d+|mtdblock\d+|nbd\d+|zd\d+|disk\/by-|root$)/.test(p);
}

/** Files whose corruption breaks log-in, boot or authorization. */
export function isCriticalSystemFile(p: string): boolean {
  const h = homeAlias(p);
  return (
    /^\/etc\/(passwd|shadow|group|gshadow|sudoers|sudoers\.d(\/.*)?|fstab|pam\.d(\/.*)?|ssh\/sshd_config|security(\/.*)?|crontab|ld\.so\.preload)$/.test(p) ||
    /^\/boot(\/|$)/.test(p) ||
    /^\/~\/\.ssh\/authorized_keys2?$/.test(h) ||
    /^\/(usr\/)?s?bin\/[^/]+$/.test(p)
  );
}

/** Anything under a system directory (not scratch, not someone's project under /home). */
export function isSystemPath(p: string): boolean {
  const c = classifyPath(p);
  return c === 'root' || ((c === 'system' || c === 'system-deep') && !/^\/(home|Users)\//.test(p) && !/^\/(mnt|media|opt|srv)\//.test(p));
}
