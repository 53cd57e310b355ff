// Path normalisation and classification: what a path argument really points at.
import { DYN } from './model.js';

/** Home directory, after normalisation, is spelled `/~` so `~/..` still resolves to `/`. */
const HOME = '/~';

/**
 * Normalises a path word: `~`, `$HOME` → `/~`; `/tmp/../etc` → `/etc`; trailing `/`, `/*`, `/.*` dropped.
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
  const body = out.join('/');
  if (abs) return '/' + body;
  const rel = '../'.repeat(ups) + body;
  return rel === '' ? '.' : rel.replace(/\/$/, '');
}

const SYSTEM_TOP = new Set([
  'bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'usr', 'var', 'home', 'mnt', 'media', 'snap', 'Users', 'System', 'Library', 'Applications', 'private',
]);
// Application and mount roots: their own children are ordinary directories.
const APP_TOP = new Set(['opt', 'srv', 'mnt', 'media', 'snap']);
const SCRATCH_TOP = new Set(['tmp', 'var/tmp', 'dev/shm']);
const SECRET_HOME = /^\/~\/\.(ssh|gnupg|aws|kube|azure|docker|config\/gcloud|password-store|netrc|git-credentials|npmrc|pypirc)(\/|$)/;

export type PathClass = 'root' | 'home' | 'home-secret' | 'home-top' | 'system' | 'system-deep' | 'scratch' | 'parent' | 'cwd' | 'other';

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
  if (SCRATCH_TOP.has(segs[0]) || SCRATCH_TOP.has(segs.slice(0, 2).join('/'))) return 'scratch';
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
  return 'other';
}

/** `/home/alice/...`, `/Users/alice/...` and `/root/...` are someone's home: map them to `/~`. */
export function homeAlias(p: string): string {
  const m = /^\/(?:home|Users)\/[^/]+|^\/root(?=\/|$)/.exec(p);
  return m ? HOME + p.slice(m[0].length) : p;
}

/** Disk and partition device nodes that writing to destroys a file system. */
export function isBlockDevice(p: string): boolean {
  return /^\/dev\/(sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+(n\d+)?|mmcblk\d+|md\d+|dm-\d+|disk\d+|rdisk\d+|mapper\/|loop\d+|sr\d+|mtdblock\d+)/.test(p);
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
