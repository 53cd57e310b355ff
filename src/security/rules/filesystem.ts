// Destructive file-system rules: recursive deletes of /, home and system directories, shredding, overwriting system files.
import type { RiskLevel, SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
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
};

function rm(cmd: SimpleCommand, out: SecurityFinding[]): void {
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

function findDelete(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (!cmd.argv.includes('-delete')) return;
  for (const root of findRoots(cmd.argv)) {
    const path = normPath(root, cmd.cwd);
    const cls = path === null ? 'system-deep' : classifyPath(path);
    const r = RECURSIVE_RISK[cls];
    if (r !== undefined && r[0] !== 'MEDIUM') out.push(finding('fs.find-delete', r[0], `find ${q(root)} -delete would remove ${r[2]}.`, cmd));
  }
}

function shred(cmd: SimpleCommand, out: SecurityFinding[]): void {
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
    { commands: ['tee'], check: tee },
    { commands: ['truncate'], check: truncate },
    { commands: ['sed', 'perl'], check: inPlaceEdit },
  ],
};
