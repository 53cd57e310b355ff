// Destructive file-system rules: recursive deletes of /, home and system directories, shredding, overwriting system files.
import type { RiskLevel, SecurityFinding } from '../types.js';
import { DYN, RISK_ORDER, basename, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { findRoots, parseOptions } from '../options.js';
import { classifyPath, isBlockDevice, isCriticalSystemFile, isSystemPath, normPath } from '../paths.js';
import type { PathClass } from '../paths.js';
import { operands, q } from './rule.js';
import { startupWriteFinding } from './persistence.js';
import type { RulePack } from './rule.js';

const RM = {
  short: { r: 'recursive', R: 'recursive', f: 'force', d: 'dir', i: 'i', I: 'I', v: 'v' },
  long: { recursive: 'recursive', force: 'force', 'no-preserve-root': 'no-preserve-root', 'preserve-root': 'preserve-root', dir: 'dir', verbose: 'v', interactive: 'i', 'one-file-system': 'one-file-system' },
};

const RECURSIVE_RISK: Partial<Record<PathClass, [RiskLevel, string, string]>> = {
  root: ['CRITICAL', 'fs.rm-root', 'the whole file system'],
  home: ['CRITICAL', 'fs.rm-home', 'the home directory'],
  system: ['CRITICAL', 'fs.rm-system', 'a system directory'],
  'system-deep': ['HIGH', 'fs.rm-system', 'files under a system directory'],
  'home-secret': ['HIGH', 'fs.rm-home-secret', 'keys or credentials in the home directory'],
  'home-top': ['MEDIUM', 'fs.rm-home-dir', 'a whole directory of the home directory'],
  parent: ['MEDIUM', 'fs.rm-parent', 'directories above the project'],
  cwd: ['MEDIUM', 'fs.rm-cwd', 'everything in the current directory'],
  outside: ['MEDIUM', 'fs.rm-outside', 'a directory outside the project and the temporary directories'],
};

function rm(cmd: SimpleCommand, out: SecurityFinding[]): void {
  findFed(cmd, out);
  const p = parseOptions(cmd.argv, RM, 1);
  const recursive = p.flags.has('recursive');
  if (p.flags.has('no-preserve-root')) {
    out.push(finding('fs.no-preserve-root', 'CRITICAL', 'Blocked rm --no-preserve-root: it disables the safeguard against deleting the whole file system.', cmd));
  }
  for (const op of p.operands) {
    const path = normPath(op, cmd.cwd);
    if (path === null) {
      if (recursive) out.push(finding('fs.rm-dynamic', 'MEDIUM', `Recursive delete of ${q(op)}, a path only known at run time (an empty variable would delete from /).`, cmd));
      continue;
    }
    const cls = classifyPath(path);
    if (recursive) {
      const r = RECURSIVE_RISK[cls];
      if (r !== undefined) out.push(finding(r[1], r[0], `${r[0] === 'CRITICAL' ? 'Blocked' : 'Asked about'} a recursive delete of ${q(op)}: it would remove ${r[2]}.`, cmd));
      continue;
    }
    if (isCriticalSystemFile(path)) out.push(finding('fs.system-file-delete', 'CRITICAL', `Blocked deleting ${q(op)}: the system cannot log in or boot without it.`, cmd));
    else if (isSystemPath(path) || cls === 'home-secret') out.push(finding('fs.system-file-delete', 'HIGH', `Deleting ${q(op)} removes a system or credential file.`, cmd));
  }
}

// Commands that delete what they are given: run by `find -exec` or fed by `find | xargs`, they delete the whole tree.
const DELETERS = new Set(['rm', 'unlink', 'shred', 'srm', 'wipe']);

/** `find ROOT ... -delete` or `-exec rm {}` removes everything under ROOT that matches: judged like `rm -rf ROOT`. */
function findDelete(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  let how = a.includes('-delete') ? '-delete' : undefined;
  for (let i = 1; i < a.length && how === undefined; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(a[i])) continue;
    for (let j = i + 1; j < a.length && a[j] !== ';' && a[j] !== '+'; j++) {
      if (DELETERS.has(basename(a[j]))) {
        how = `${a[i]} ${basename(a[j])}`;
        break;
      }
    }
  }
  if (how !== undefined) treeDelete(findRoots(a), `find ... ${how}`, cmd, out);
}

/** `find ROOT | xargs rm` (or parallel): the deleter is handed every path under ROOT. */
function findFed(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (!cmd.via.some((w) => w === 'xargs' || w === 'parallel')) return;
  for (const f of cmd.feeders) if (f.name === 'find') treeDelete(findRoots(f.argv), `find | ${cmd.via.includes('xargs') ? 'xargs' : 'parallel'} ${cmd.name}`, cmd, out);
}

function treeDelete(roots: readonly string[], how: string, cmd: SimpleCommand, out: SecurityFinding[]): void {
  // One finding, for the worst start path: a find with thousands of them must not make thousands of findings.
  let worst: [string, [RiskLevel, string, string]] | undefined;
  for (const root of new Set(roots)) {
    const path = normPath(root, cmd.cwd);
    const cls = path === null ? 'system-deep' : classifyPath(path);
    const r = RECURSIVE_RISK[cls];
    if (r === undefined || (r[0] === 'MEDIUM' && cls !== 'outside')) continue;
    if (worst === undefined || RISK_ORDER[r[0]] > RISK_ORDER[worst[1][0]]) worst = [root, r];
  }
  if (worst === undefined) return;
  const [root, [risk, , what]] = worst;
  out.push(finding('fs.find-delete', risk, `${risk === 'CRITICAL' ? 'Blocked' : 'Asked about'} ${how} under ${q(root)}: it would remove ${what}.`, cmd));
}

function shred(cmd: SimpleCommand, out: SecurityFinding[]): void {
  findFed(cmd, out);
  for (const op of operands(cmd.argv).filter((o) => !/^\d+$/.test(o))) {
    const path = normPath(op, cmd.cwd) ?? '/' + DYN;
    if (isBlockDevice(path)) out.push(finding('disk.shred-device', 'CRITICAL', `Blocked shred of ${q(op)}: it overwrites a whole disk beyond recovery.`, cmd));
    else if (isSystemPath(path)) out.push(finding('fs.shred', 'CRITICAL', `Blocked shred of ${q(op)}: it destroys a system file beyond recovery.`, cmd));
    else out.push(finding('fs.shred', 'MEDIUM', `shred destroys ${q(op)} beyond recovery.`, cmd));
  }
}

/** Risk of writing to a path: devices and critical files are CRITICAL, other system paths HIGH. */
export function writeTargetFinding(target: string, cmd: SimpleCommand | string, how: string): SecurityFinding | null {
  if (/^\/dev\/(null|zero|stdout|stderr|tty|fd\/\d+|pts\/\d+|shm\/.*)$/.test(target)) return null;
  const c = typeof cmd === 'string' ? undefined : cmd.cwd;
  const path = normPath(target, c);
  if (path === null) return null;
  if (isBlockDevice(path)) return finding('disk.device-write', 'CRITICAL', `Blocked ${how} ${q(target)}: writing to a disk device destroys its file systems.`, cmd);
  if (isCriticalSystemFile(path)) return finding('fs.system-file-overwrite', 'CRITICAL', `Blocked ${how} ${q(target)}: overwriting it can break log-in, boot or sudo.`, cmd);
  const startup = startupWriteFinding(path, target, cmd, how);
  if (startup !== null) return startup;
  if (isSystemPath(path) || classifyPath(path) === 'home-secret') return finding('fs.system-write', 'HIGH', `${how[0].toUpperCase() + how.slice(1)} ${q(target)} changes a system or credential file.`, cmd);
  return null;
}

function push(out: SecurityFinding[], f: SecurityFinding | null): void {
  if (f !== null) out.push(f);
}

function copyLike(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const t = cmd.argv.findIndex((w) => w === '-t' || w.startsWith('--target-directory'));
  const target = t > 0 ? (cmd.argv[t].includes('=') ? cmd.argv[t].split('=')[1] : cmd.argv[t + 1]) : ops[ops.length - 1];
  if (target !== undefined && (ops.length >= 2 || t > 0)) push(out, writeTargetFinding(target, cmd, `${cmd.name} onto`));
  if (cmd.name === 'mv') for (const src of ops.slice(0, -1)) push(out, writeTargetFinding(src, cmd, 'moving away'));
}

const RSYNC = {
  short: { e: 'e', f: 'f', T: 'T', B: 'B', M: 'M' },
  long: Object.fromEntries(
    [
      'delete', 'delete-before', 'delete-during', 'delete-delay', 'delete-after', 'delete-excluded', 'delete-missing-args', 'del', 'remove-source-files',
      'rsh', 'rsync-path', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'temp-dir', 'partial-dir', 'backup-dir', 'suffix',
      'chmod', 'chown', 'usermap', 'groupmap', 'compare-dest', 'copy-dest', 'link-dest', 'log-file', 'log-file-format', 'password-file', 'bwlimit', 'timeout',
      'contimeout', 'port', 'max-size', 'min-size', 'max-delete', 'out-format', 'block-size', 'modify-window', 'info', 'debug', 'compress-choice', 'checksum-choice',
      'skip-compress', 'sockopts', 'outbuf', 'iconv', 'remote-option', 'stop-after', 'stop-at', 'write-batch', 'only-write-batch', 'read-batch', 'address',
    ].map((k) => [k, k]),
  ),
  withValue: ['e', 'f', 'T', 'B', 'M', 'rsh', 'rsync-path', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'temp-dir', 'partial-dir',
    'backup-dir', 'suffix', 'chmod', 'chown', 'usermap', 'groupmap', 'compare-dest', 'copy-dest', 'link-dest', 'log-file', 'log-file-format', 'password-file',
    'bwlimit', 'timeout', 'contimeout', 'port', 'max-size', 'min-size', 'max-delete', 'out-format', 'block-size', 'modify-window', 'info', 'debug',
    'compress-choice', 'checksum-choice', 'skip-compress', 'sockopts', 'outbuf', 'iconv', 'remote-option', 'stop-after', 'stop-at', 'write-batch',
    'only-write-batch', 'read-batch', 'address'],
};
const RSYNC_DELETE = ['delete', 'delete-before', 'delete-during', 'delete-delay', 'delete-after', 'delete-excluded', 'delete-missing-args', 'del'];

/** The path part of an rsync location: `host:` is the remote home, `host:/x` is /x there; daemon modules are unknown. */
function rsyncPath(loc: string): string | null {
  if (/^rsync:\/\/|^[^/]*::/.test(loc)) return null;
  const m = /^[^/:]+:(?!\/\/)(.*)$/s.exec(loc);
  if (m === null) return loc;
  return m[1] === '' ? '~' : m[1][0] === '/' || m[1][0] === '~' ? m[1] : '~/' + m[1];
}

/** A remote rsync location (`host:path`, `user@host:path`, `rsync://`), not a local path with a colon in it. */
function isRemote(loc: string): boolean {
  return /^rsync:\/\/|^[^/:]+:/.test(loc);
}

/** Directories a site is served from, below their top (`/var/www/app`, `/srv/site`). */
const SERVED = /^\/(?:var\/www|srv)(?:\/|$)/;

/** `rsync --delete SRC DEST` makes DEST an exact copy of SRC: whatever DEST held that SRC lacks is deleted. */
function rsyncDelete(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const p = parseOptions(cmd.argv, RSYNC, 1);
  const del = RSYNC_DELETE.some((f) => p.flags.has(f));
  const moves = p.flags.has('remove-source-files');
  if ((!del && !moves) || p.operands.length < 2) return;
  const judge = (loc: string, what: string): void => {
    const path = rsyncPath(loc);
    const norm = path === null ? null : normPath(path, cmd.cwd);
    const r = norm === null ? undefined : RECURSIVE_RISK[classifyPath(norm)];
    if (r === undefined) return;
    out.push(finding('fs.rsync-delete', r[0], `${r[0] === 'CRITICAL' ? 'Blocked' : 'Asked about'} rsync ${what} ${q(loc)}: it would remove ${r[2]}.`, cmd));
  };
  const dest = p.operands[p.operands.length - 1];
  // Deploying a site to another host mirrors a build into the directory it is served from: the usual way to ship.
  if (del && !(isRemote(dest) && SERVED.test(rsyncPath(dest) ?? ''))) judge(dest, '--delete onto');
  if (moves) for (const src of p.operands.slice(0, -1)) judge(src, '--remove-source-files from');
}

function tee(cmd: SimpleCommand, out: SecurityFinding[]): void {
  for (const op of operands(cmd.argv)) push(out, writeTargetFinding(op, cmd, 'tee into'));
}

function truncate(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv).filter((o) => !/^[+-<>/%]?\d+[KMGkmg]?$/.test(o));
  for (const op of ops) push(out, writeTargetFinding(op, cmd, 'truncating'));
}

function inPlaceEdit(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (!cmd.argv.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place'))) return;
  for (const op of operands(cmd.argv).slice(1)) push(out, writeTargetFinding(op, cmd, 'editing in place'));
}

export const filesystemPack: RulePack = {
  name: 'filesystem',
  keywords: ['etc', 'boot', 'dev', 'usr', 'bin', 'sbin', 'lib', 'var', 'root', 'home', 'ssh', 'sudoers', 'passwd', 'shadow'],
  rules: [
    { commands: ['rm', 'unlink'], check: rm },
    { commands: ['find'], check: findDelete },
    { commands: ['shred', 'srm', 'wipe'], check: shred },
    { commands: ['cp', 'mv', 'install', 'ln', 'rsync'], check: copyLike },
    { commands: ['rsync'], check: rsyncDelete },
    { commands: ['tee'], check: tee },
    { commands: ['truncate'], check: truncate },
    { commands: ['sed', 'perl'], check: inPlaceEdit },
  ],
};
