// Permission rules: world-writable modes, recursive chmod/chown of system trees.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { parseOptions } from '../options.js';
import { classifyPath, isCriticalSystemFile, isSystemPath, normPath } from '../paths.js';
import { q } from './rule.js';
import type { RulePack } from './rule.js';

const SPEC = {
  short: { R: 'recursive', f: 'f', v: 'v', c: 'c', h: 'h', H: 'H', L: 'L', P: 'P' },
  long: { recursive: 'recursive', silent: 'f', quiet: 'f', verbose: 'v', changes: 'c', reference: 'reference', 'no-dereference': 'h', dereference: 'L', 'preserve-root': 'pr', 'no-preserve-root': 'npr', from: 'from' },
  withValue: ['reference', 'from'],
};

function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return ['2', '3', '6', '7'].includes(mode[mode.length - 1]);
  return mode.split(',').some((m) => {
    const s = /^([ugoa]*)[+=]([rwxXst]*)$/.exec(m);
    return s !== null && /[oa]/.test(s[1]) && s[2].includes('w');
  });
}

function wideTarget(op: string, cwd: string | undefined): 'root' | 'system' | 'deep' | 'critical' | null {
  const p = normPath(op, cwd);
  if (p === null) return null;
  const c = classifyPath(p);
  if (c === 'root' || c === 'home') return 'root';
  if (isCriticalSystemFile(p)) return 'critical';
  if (!isSystemPath(p) && c !== 'home-secret') return null;
  return c === 'system' ? 'system' : 'deep';
}

function chmod(cmd: SimpleCommand, out: SecurityFinding[]): void {
  // Modes like -w or -x look like options; keep them as operands.
  const argv = cmd.argv.map((w) => (/^-[rwxXst]+$/.test(w) ? '\u0001' + w : w));
  const p = parseOptions(argv, SPEC, 1);
  const [mode = '', ...targets] = p.operands.map((w) => w.replace('\u0001', ''));
  const recursive = p.flags.has('recursive');
  for (const t of targets) {
    const wide = wideTarget(t, cmd.cwd);
    if (recursive && wide === 'root') {
      out.push(finding('perm.recursive-system', 'CRITICAL', `Blocked chmod -R ${mode} ${q(t)}: it changes permissions across the whole system or home.`, cmd));
      return;
    }
    if (wide !== null && (recursive || wide === 'critical' || wide === 'root')) {
      out.push(finding('perm.system-chmod', (recursive && wide !== 'deep') || wide === 'critical' ? 'CRITICAL' : 'HIGH', `chmod ${mode} ${q(t)} changes the permissions of system or credential files.`, cmd));
      return;
    }
  }
  if (worldWritable(mode)) {
    if (recursive) out.push(finding('perm.recursive-world-writable', 'HIGH', `chmod -R ${mode} makes a whole tree writable by every user.`, cmd));
    else out.push(finding('perm.world-writable', 'MEDIUM', `chmod ${mode} makes files writable by every user.`, cmd));
  }
}

function chown(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const p = parseOptions(cmd.argv, SPEC, 1);
  const targets = p.operands.slice(p.flags.has('reference') ? 0 : 1);
  for (const t of targets) {
    const wide = wideTarget(t, cmd.cwd);
    if (wide === null) continue;
    const recursive = p.flags.has('recursive');
    if (recursive || wide === 'critical' || wide === 'root') {
      out.push(finding('perm.system-chown', recursive && wide !== 'deep' ? 'CRITICAL' : 'HIGH', `${cmd.name} ${q(t)} hands system or credential files to another owner.`, cmd));
      return;
    }
  }
}

export const permissionsPack: RulePack = {
  name: 'permissions',
  keywords: [],
  rules: [
    { commands: ['chmod'], check: chmod },
    { commands: ['chown', 'chgrp'], check: chown },
  ],
};
