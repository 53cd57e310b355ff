// Process and power rules: killing init or everything, forced mass kills, shutdown/reboot, stopping sshd or the firewall.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { producers } from './listing.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const SYSTEM_PROCS = /^(sshd?|systemd|init|dbus|dbus-daemon|dockerd|containerd|kubelet|journald|systemd-journald|udevd|Xorg|gdm|sddm)$/;
// Names a pattern is tried on: one that matches every one of them matches every process.
const SAMPLE_NAMES = ['systemd', 'sshd', 'bash', 'x', 'kworker/0:1', 'node server.js'];
const ROOT = /^(root|0)$/;
const SIGNAL_NAME = /^-(SIG)?(HUP|INT|QUIT|ILL|TRAP|ABRT|IOT|BUS|FPE|KILL|USR[12]|SEGV|PIPE|ALRM|TERM|STKFLT|CHLD|CONT|STOP|TSTP|TTIN|TTOU|URG|XCPU|XFSZ|VTALRM|PROF|WINCH|IO|POLL|PWR|SYS|RTMIN(\+\d+)?|RTMAX(-\d+)?)$/i;
const GREPS = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag']);

/** The signal a kill-like command sends: 'KILL', '0', another name or number, or '' for the default (TERM). */
function signalOf(a: readonly string[]): string {
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    if (w === '--') break;
    let sig: string | undefined;
    if (w === '-s' || w === '-n' || w === '--signal') sig = a[i + 1];
    else if (w.startsWith('--signal=')) sig = w.slice(9);
    else if ((SIGNAL_NAME.test(w) || /^-\d+$/.test(w)) && w !== '-1') sig = w.slice(1);
    if (sig !== undefined) {
      const n = sig.toUpperCase().replace(/^SIG/, '');
      return n === '9' ? 'KILL' : n;
    }
  }
  return '';
}

/** A pgrep/pkill/killall pattern that every process name matches (`.`, `.*`, `^`, empty). */
function matchesEverything(p: string): boolean {
  if (p.length > 24 || p.includes('\u0000')) return false;
  try {
    const re = new RegExp(p);
    return SAMPLE_NAMES.every((n) => re.test(n));
  } catch {
    return false;
  }
}

function kill(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv.slice(1);
  const signal = signalOf(a);
  // Signal 0 only asks whether the process exists.
  if (signal === '0') return;
  const targets: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    if (w === '-s' || w === '-n' || w === '--signal') i++;
    else if (w === '--') for (const t of a.slice(i + 1)) targets.push(t);
    else if (w === '-1') targets.push(w);
    else if (!w.startsWith('-')) targets.push(w);
    if (w === '--') break;
  }
  if (targets.includes('1')) out.push(finding('proc.kill-init', 'CRITICAL', 'Blocked killing PID 1 (init): it brings the whole system down.', cmd));
  if (targets.includes('-1')) out.push(finding('proc.kill-all', 'CRITICAL', 'Blocked kill -1: it signals every process the user can reach.', cmd));
  // Pids filled in at run time: judge the listing that produced them.
  for (const { from, narrowed } of producers(cmd)) {
    for (const f of from) {
      if (f.name === 'ps' && !narrowed && psListsAll(f.argv)) {
        out.push(finding('proc.kill-all', 'CRITICAL', `Blocked ${cmd.name} of every pid ps lists: it kills every process on the machine.`, cmd));
        return;
      }
      if (f.name === 'ps') {
        // `ps aux | grep node | awk '{print $2}'` selects like `pkill node` (`grep -v grep` only hides grep itself).
        const kept = from.filter((g) => GREPS.has(g.name) && !g.argv.some((w) => /^-[a-zA-Z]*v/.test(w) || w === '--invert-match'));
        judgeSelection(cmd, 'pkill', kept.flatMap((g) => operands(g.argv)), signal === 'KILL', out);
        return;
      }
      if (f.name === 'pgrep' || f.name === 'pidof') {
        judgeSelection(cmd, f.name === 'pgrep' ? 'pkill' : 'killall', f.argv.slice(1), signal === 'KILL', out);
        return;
      }
    }
  }
}

/** `ps -e`, `ps -A`, `ps aux`, `ps -ef`, `ps ax`, `ps -u root`: every process (of root). */
function psListsAll(argv: readonly string[]): boolean {
  return argv.slice(1).some((w, i, a) => /^-[a-zA-Z]*[eA]/.test(w) || w === '--everyone' || (/^[a-z]+$/.test(w) && w.includes('a') && w.includes('x')) || (/^-?[uU]$/.test(w) && ROOT.test(a[i + 1] ?? '')));
}

function massKill(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (cmd.name === 'killall5') {
    out.push(finding('proc.kill-all', 'CRITICAL', 'Blocked killall5: it signals every process on the system.', cmd));
    return;
  }
  const a = cmd.argv.slice(1);
  if (a.includes('--help') || a.includes('-V') || a.includes('--version') || a.includes('-l') && cmd.name === 'killall') return;
  judgeSelection(cmd, cmd.name, a, signalOf(a) === 'KILL', out);
}

/**
 * How many processes a pkill/killall-style selection reaches (`args` as pkill, pgrep, killall or pidof take them):
 * a system service or everything is CRITICAL, every process of a user or a forced kill by pattern HIGH.
 */
function judgeSelection(cmd: SimpleCommand, style: string, args: readonly string[], forced: boolean, out: SecurityFinding[]): void {
  const valueOf = (...names: string[]): string | undefined => {
    for (let i = 0; i < args.length; i++) {
      for (const n of names) {
        if (args[i] === n) return args[i + 1] ?? '';
        if (n.startsWith('--') && args[i].startsWith(n + '=')) return args[i].slice(n.length + 1);
      }
    }
    return undefined;
  };
  const user = valueOf('-u', '-U', '--user', '--euid', '--uid');
  const parent = valueOf('-P', '--parent');
  const skip = new Set([user, parent, valueOf('-s', '-n', '--signal', '-t', '--terminal', '-g', '--pgroup', '-G', '--group', '-o', '--older-than', '-y', '--younger-than')]);
  const patterns = operands(['', ...args]).filter((o) => !skip.has(o) && !/^(9|KILL|SIGKILL)$/i.test(o));
  const regex = style === 'pkill' || args.some((w) => w === '-r' || w === '--regexp');
  const inverse = style === 'pkill' && args.some((w) => w === '-v' || w === '--inverse');
  if (patterns.some((o) => SYSTEM_PROCS.test(o)) && !inverse) {
    out.push(finding('proc.kill-system', 'CRITICAL', `Blocked ${cmd.name} ${q(patterns.join(' '))}: it kills a system service the machine depends on.`, cmd));
  } else if ((user !== undefined && ROOT.test(user)) || parent === '1' || inverse || (regex && patterns.some(matchesEverything))) {
    out.push(finding('proc.kill-all', 'CRITICAL', `Blocked ${cmd.name}: its selection matches every process (or every root process), which takes the system down.`, cmd));
  } else if (forced || user !== undefined) {
    out.push(finding('proc.mass-kill', 'HIGH', `${cmd.name} ${forced ? 'force-kills (SIGKILL)' : 'kills'} every matching process without letting it clean up.`, cmd));
  }
}

function power(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv.slice(1);
  if (cmd.name === 'shutdown' && a.includes('-c')) return;
  if ((cmd.name === 'init' || cmd.name === 'telinit') && !['0', '6', 'S', 's', '1'].includes(a[0] ?? '')) return;
  if (a.some((w) => w === '--help' || w === '-h' && cmd.name !== 'shutdown')) return;
  out.push(finding('power.shutdown', 'CRITICAL', `Blocked ${cmd.name}: it shuts down or restarts the machine.`, cmd));
}

const POWER_UNITS = /^(poweroff|reboot|halt|kexec|rescue|emergency|suspend|hibernate|hybrid-sleep|soft-reboot)$/;
const SSH_UNITS = /^(sshd?|openssh-server|ssh\.socket|sshd\.socket)(\.service)?$/;
const SECURITY_UNITS = /^(firewalld|ufw|iptables|nftables|auditd|apparmor|fail2ban|selinux|crowdstrike\S*|falcon-sensor|osqueryd)(\.service)?$/;

function services(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  let verb: string | undefined;
  let units: string[];
  if (cmd.name === 'service') {
    units = ops.slice(0, 1);
    verb = ops[1];
  } else {
    verb = ops[0];
    units = ops.slice(1);
    if (cmd.name === 'systemctl' && verb !== undefined && POWER_UNITS.test(verb)) {
      out.push(finding('power.shutdown', 'CRITICAL', `Blocked systemctl ${verb}: it takes the whole machine down.`, cmd));
      return;
    }
    if (verb === 'isolate' && units.some((u) => /^(rescue|emergency|poweroff|reboot|halt)(\.target)?$/.test(u))) {
      out.push(finding('power.shutdown', 'CRITICAL', `Blocked systemctl isolate ${units.join(' ')}: it takes the machine out of service.`, cmd));
      return;
    }
  }
  if (verb === undefined || !/^(stop|disable|mask|kill)$/.test(verb)) return;
  if (units.some((u) => SSH_UNITS.test(u))) {
    out.push(finding('service.stop-ssh', 'CRITICAL', `Blocked stopping the SSH server: remote users, including you, would be locked out.`, cmd));
  } else if (units.some((u) => SECURITY_UNITS.test(u))) {
    out.push(finding('service.stop-security', 'HIGH', `Stopping ${units.join(' ')} turns off a firewall or security service.`, cmd));
  }
}

export const processesPack: RulePack = {
  name: 'processes',
  keywords: [],
  rules: [
    { commands: ['kill'], check: kill },
    { commands: ['pkill', 'killall', 'killall5'], check: massKill },
    { commands: ['shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit'], check: power },
    { commands: ['systemctl', 'service'], check: services },
  ],
};
