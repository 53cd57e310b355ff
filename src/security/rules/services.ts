// Service control: stopping, disabling or masking services the machine, its network or its containers depend on.
// SSH, firewalls and power are judged in processes.ts; `enable` (persistence) belongs to the attack rules.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

/** Units whose loss takes the machine, its network, its containers or its cluster membership with it. */
const CRITICAL_UNITS = /^(networking|network|NetworkManager|wpa_supplicant|dhcpcd|dhclient|systemd-[\w@-]+|dbus|dbus-broker|docker|containerd|crio|cri-o|kubelet|k3s|k3s-agent|rke2-server|rke2-agent|etcd|polkit|udev|getty@[\w.-]*|serial-getty@[\w.-]*|display-manager|gdm3?|sddm|lightdm|libvirtd|multipathd|iscsid|lvm2-[\w-]+|mdmonitor|zfs-[\w.-]+|nfs-server|rpcbind|chronyd|ntpd?|rsyslog|syslog|journald|cron|crond|sssd|nscd|winbind|kerberos|krb5kdc|slapd)(\.(service|socket|target))?$/;
/** Cutting a whole target (multi-user, network) is as bad as its most important service. */
const CRITICAL_TARGETS = /^(network|network-online|multi-user|graphical|basic|sockets|sysinit|local-fs|remote-fs|default)\.target$/;

const STOP = /^(stop|kill|disable|mask|freeze|reset-failed)$/;
const PERSIST = /^(disable|mask)$/;

function judge(tool: string, verb: string, units: readonly string[], cmd: SimpleCommand, out: SecurityFinding[]): void {
  const names = units.map((u) => u.replace(/^.*\//, ''));
  const critical = names.find((u) => CRITICAL_UNITS.test(u) || CRITICAL_TARGETS.test(u));
  if (critical !== undefined) {
    out.push(finding('service.stop-critical', 'HIGH', `${tool} ${verb} ${q(critical)} takes down a service the machine, its network or its workloads depend on.`, cmd));
  } else if (PERSIST.test(verb) && names.length > 0) {
    out.push(finding('service.disable', 'MEDIUM', `${tool} ${verb} ${q(names.join(' '))} keeps the service from starting again, even after a reboot.`, cmd));
  }
}

/** systemctl [opts] stop|disable|mask|kill UNIT...; a plain stop of an ordinary service is routine. */
function systemctl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const at = ops.findIndex((o) => STOP.test(o));
  if (at < 0 || cmd.argv.includes('--help')) return;
  const verb = ops[at];
  if (verb === 'reset-failed' || verb === 'freeze') return;
  judge('systemctl', verb, ops.slice(at + 1), cmd, out);
}

/** service UNIT stop, rc-service UNIT stop, rc-update del UNIT, update-rc.d UNIT disable|remove, chkconfig UNIT off. */
function sysv(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  let unit: string | undefined;
  let verb: string | undefined;
  if (cmd.name === 'rc-update') [verb, unit] = ops[0] === 'del' || ops[0] === 'delete' ? ['disable', ops[1]] : [];
  else [unit, verb] = ops;
  if (unit === undefined || verb === undefined) return;
  if (verb === 'off' || verb === 'remove') verb = 'disable';
  if (/^(stop|force-stop|zap|disable)$/.test(verb)) judge(cmd.name, verb === 'disable' ? 'disable' : 'stop', [unit], cmd, out);
}

/** runit: sv down|stop|kill|exit SERVICE (and their one-letter forms). */
function sv(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  if (/^(d|down|stop|k|kill|x|exit|force-stop|force-shutdown)$/.test(ops[0] ?? '')) judge('sv', 'stop', ops.slice(1), cmd, out);
}

/** launchctl unload|bootout|disable|remove|kill of a system daemon (system/ domain, /Library, com.apple.*). */
function launchctl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const verb = ops[0] ?? '';
  if (!/^(unload|bootout|disable|remove|kill|stop)$/.test(verb)) return;
  const targets = ops.slice(verb === 'kill' ? 2 : 1);
  const system = targets.find((t) => /^system(\/|$)|^\/(System\/)?Library\/LaunchDaemons\/|(^|\/)com\.apple\./.test(t));
  if (system !== undefined) out.push(finding('service.stop-critical', 'HIGH', `launchctl ${verb} ${q(system)} stops or disables a system daemon.`, cmd));
  else if (verb !== 'stop' && verb !== 'kill' && targets.length > 0) out.push(finding('service.disable', 'MEDIUM', `launchctl ${verb} ${q(targets.join(' '))} unloads a background service so it no longer runs.`, cmd));
}

export const servicesPack: RulePack = {
  name: 'service',
  keywords: ['update-rc'],
  rules: [
    { commands: ['systemctl'], check: systemctl },
    { commands: ['service', 'rc-service', 'rc-update', 'chkconfig'], check: sysv },
    // Its name's last token, `d`, is too common a word to wake the parse on.
    { commands: ['update-rc.d'], nameIsKeyword: false, check: sysv },
    { commands: ['sv'], check: sv },
    { commands: ['launchctl'], check: launchctl },
  ],
};
