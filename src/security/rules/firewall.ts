// Firewall rules: edits to iptables, nftables, ufw and firewalld (listing them is fine).
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import type { RulePack } from './rule.js';

const IPT_EDIT = /^(-[ADIRFZXNPE]|--(append|delete|insert|replace|flush|zero|delete-chain|new-chain|policy|rename-chain))/;

function readOnly(cmd: SimpleCommand): boolean {
  const a = cmd.argv.slice(1);
  switch (cmd.name) {
    case 'nft':
      return a.find((w) => !w.startsWith('-')) === 'list' || a.length === 0 || a.every((w) => w.startsWith('-') && w !== '-f');
    case 'ufw':
      return a.length === 0 || ['status', 'show', 'version', 'app'].includes(a.find((w) => !w.startsWith('-')) ?? '');
    case 'firewall-cmd':
      return a.every((w) => /^--(state|list|get|query|info|help|version|zone=|permanent$)/.test(w));
    case 'pfctl':
      return !a.some((w) => /^-[a-zA-Z]*[dFfe]/.test(w));
    case 'netsh': {
      const words = a.map((w) => w.toLowerCase());
      return !words.some((w) => w === 'advfirewall' || w === 'firewall') || !words.some((w) => /^(set|add|delete|reset|import)$/.test(w));
    }
    case 'socketfilterfw':
      return !a.some((w) => /^--(setglobalstate|setblockall|setallowsigned|setallowsignedapp|setstealthmode|add|remove|unblockapp)$/.test(w));
    default:
      return !a.some((w) => IPT_EDIT.test(w)) && !cmd.name.endsWith('-restore');
  }
}

function firewall(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (readOnly(cmd)) return;
  out.push(finding('firewall.edit', 'HIGH', `${cmd.name} changes the firewall, which can expose the machine or lock everyone out.`, cmd));
}

export const firewallPack: RulePack = {
  name: 'firewall',
  keywords: [],
  rules: [
    {
      commands: ['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'iptables-restore', 'ip6tables-restore', 'ebtables', 'arptables', 'nft', 'ufw', 'firewall-cmd', 'pfctl', 'netsh', 'socketfilterfw'],
      check: firewall,
    },
  ],
};
