// Privilege rules: sudo, su, doas, setuid bits, and adding users to admin groups.
import type { SecurityFinding } from '../types.js';
import { SHELLS, basename, finding } from '../model.js';
import { parseOptions } from '../options.js';
import { SUDO } from '../unwrap.js';
import type { SimpleCommand } from '../model.js';
import { operands } from './rule.js';
import type { RulePack } from './rule.js';

function sudo(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  const p = parseOptions(a, SUDO, 1);
  const rest = p.operands.filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  const shellFlag = p.flags.has('i') || p.flags.has('s') || p.flags.has('login') || p.flags.has('shell');
  const inner = rest.length > 0 ? basename(rest[0]) : '';
  const bareShell = rest.length === 1 && (SHELLS.has(inner) || inner === 'su');
  if ((rest.length === 0 && !p.flags.has('l') && !p.flags.has('v') && !p.flags.has('k') && !p.flags.has('K') && !p.flags.has('e')) || (shellFlag && rest.length === 0) || bareShell) {
    out.push(finding('privilege.root-shell', 'HIGH', `${cmd.name} opens a root shell, which no later check can see into.`, cmd));
    return;
  }
  out.push(finding(`privilege.${cmd.name === 'doas' ? 'doas' : 'sudo'}`, 'MEDIUM', `${cmd.name} runs a command with root privileges.`, cmd));
}

function su(cmd: SimpleCommand, out: SecurityFinding[]): void {
  out.push(finding('privilege.su', 'HIGH', 'su switches to another user (root by default), which no later check can see into.', cmd));
}

function chmodSetuid(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const mode = operands(cmd.argv)[0] ?? '';
  const numeric = /^[2-7][0-7]{3}$/.test(mode);
  const symbolic = /(^|,)[ugoa]*[+=][rwxXt]*s/.test(mode);
  if (numeric || symbolic) {
    out.push(finding('privilege.setuid', 'HIGH', `chmod ${mode} sets the setuid/setgid bit, letting anyone run the file with its owner's privileges.`, cmd));
  }
}

function userAdmin(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv.join(' ');
  if (cmd.name === 'userdel' || cmd.name === 'deluser') {
    out.push(finding('privilege.user-delete', 'HIGH', `${cmd.name} deletes a user account.`, cmd));
  } else if (/\b(sudo|wheel|root|admin|docker)\b/.test(a)) {
    out.push(finding('privilege.admin-group', 'HIGH', `${cmd.name} grants a user administrator rights.`, cmd));
  } else if (cmd.name === 'passwd' && operands(cmd.argv).length > 0) {
    out.push(finding('privilege.passwd', 'MEDIUM', 'passwd changes another account\'s password.', cmd));
  }
}

export const privilegePack: RulePack = {
  name: 'privilege',
  keywords: [],
  rules: [
    { commands: ['sudo', 'doas', 'run0', 'pkexec', 'sudoedit'], check: sudo },
    { commands: ['su'], check: su },
    { commands: ['chmod'], check: chmodSetuid },
    { commands: ['usermod', 'useradd', 'adduser', 'gpasswd', 'userdel', 'deluser', 'passwd', 'visudo'], check: userAdmin },
  ],
};
