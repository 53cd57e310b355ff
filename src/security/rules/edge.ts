// Load balancers, CDNs and feature flags: deleting a service or flag, purging a whole cache, draining backends.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack } from './cli.js';
import type { RulePack } from './rule.js';

const verbs = cliPack('edge', [
  {
    commands: ['fastly'],
    rules: [
      { rule: 'edge.service-delete', verbs: ['service', 'delete'], risk: 'HIGH', reason: 'fastly service delete deletes a CDN service: the sites behind it stop being served.' },
      { rule: 'edge.purge-all', verbs: ['purge'], flags: ['--all'], risk: 'HIGH', reason: 'fastly purge --all empties the whole cache: every request goes to the origin at once.' },
      { rule: 'edge.delete', verbs: ['delete'], risk: 'MEDIUM', reason: 'fastly deletes part of a service configuration (a backend, domain, dictionary, ...).' },
    ],
  },
  { commands: ['akamai'], rules: [{ rule: 'edge.purge', verbs: ['delete'], risk: 'MEDIUM', reason: 'akamai purge delete removes content from every edge server (or deletes a configuration).' }] },
  {
    commands: ['ldcli'],
    rules: [
      { rule: 'edge.flag-delete', verbs: ['projects|environments', 'delete'], risk: 'HIGH', reason: 'ldcli deletes a LaunchDarkly project or environment with every flag in it.' },
      { rule: 'edge.flag-delete', verbs: ['delete'], risk: 'MEDIUM', reason: 'ldcli deletes a feature flag (or other LaunchDarkly resource); code still asking for it gets the fallback.' },
    ],
  },
]);

// HAProxy's runtime API, spoken through socat/nc: taking servers or frontends out, dropping sessions, clearing tables.
const HAPROXY = /\b(disable\s+(server|frontend|backend)|shutdown\s+(frontend|sessions?)|set\s+server\s+\S+\s+state\s+(maint|drain)|del\s+server|clear\s+table)\b/i;

function haproxy(cmd: SimpleCommand, out: SecurityFinding[]): void {
  let text = cmd.stdinText ?? '';
  for (const f of cmd.feeders) if (f.name === 'echo' || f.name === 'printf') text += '\n' + f.argv.slice(1).join(' ');
  const m = HAPROXY.exec(text);
  if (m !== null) out.push(finding('edge.lb-drain', 'MEDIUM', `${cmd.name} tells HAProxy to ${m[0].toLowerCase()}: traffic stops reaching part of the service.`, cmd));
}

export const edgePack: RulePack = {
  name: 'edge',
  // socat and nc are keywords already (the download and remote-exec rules).
  keywords: verbs.keywords,
  rules: [...verbs.rules, { commands: ['socat', 'nc', 'ncat', 'netcat'], nameIsKeyword: false, check: haproxy }],
};
