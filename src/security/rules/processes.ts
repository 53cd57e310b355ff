// Process and power rules: killing init or everything, forced mass kills, shutdown/reboot, stopping sshd or the firewall.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const KILL_SIGNAL = /^-(9|KILL|SIGKILL|s|n)$/i;

function kill(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv.slice(1);
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
}

function massKill(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (cmd.name === 'killall5') {
    out.push(finding('proc.kill-all', 'CRITICAL', 'Blocked killall5: it signals every process on the system.', cmd));
    return;
  }
  const a = cmd.argv.slice(1);
  const ops = operands(cmd.argv);
  if (ops.some((o) => /^(sshd?|systemd|init|dbus|dockerd|containerd|kubelet)$/.test(o))) {
    out.push(finding('proc.kill-system', 'CRITICAL', `Blocked ${cmd.name} ${q(ops.join(' '))}: it kills a system service the machine depends on.`, cmd));
    return;
  }
  const forced = a.some((w, i) => KILL_SIGNAL.test(w) && (!/^-[sn]$/.test(w) || /^(9|KILL|SIGKILL)$/i.test(a[i + 1] ?? ''))) || a.some((w) => /^--signal=(9|KILL|SIGKILL)$/i.test(w));
  const wide = a.some((w) => w === '-u' || w === '--user' || w.startsWith('--euid') || w === '-U');
  if (forced || (wide && cmd.name === 'pkill')) {
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
