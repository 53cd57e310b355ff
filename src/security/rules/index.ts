// The rule packs, indexed by command name, and the keyword set the pre-filter relies on.
import type { SecurityFinding } from '../types.js';
import type { SimpleCommand } from '../model.js';
import { SHELLS } from '../model.js';
import { INTERPRETER_NAMES, interpreterName } from '../inline-code.js';
import { WRAPPERS } from '../unwrap.js';
import type { RulePack } from './rule.js';
import { filesystemPack } from './filesystem.js';
import { disksPack } from './disks.js';
import { privilegePack } from './privilege.js';
import { permissionsPack } from './permissions.js';
import { remoteExecPack } from './remote-exec.js';
import { firewallPack } from './firewall.js';
import { processesPack } from './processes.js';
import { cronPack } from './cron.js';
import { gitPack } from './git.js';
import { infraPack } from './infra.js';
import { secretsPack } from './secrets.js';
import { kubernetesPack } from './kubernetes.js';
import { iacPack } from './iac.js';
import { containersPack } from './containers.js';
import { cloudPack } from './cloud.js';
import { publishPack } from './publish.js';

const RULE_PACKS: readonly RulePack[] = [
  filesystemPack, disksPack, privilegePack, permissionsPack, remoteExecPack, firewallPack, processesPack, cronPack, gitPack, infraPack, secretsPack,
  kubernetesPack, iacPack, containersPack, cloudPack, publishPack,
];

type Check = (cmd: SimpleCommand, out: SecurityFinding[]) => void;

const INDEX = new Map<string, Check[]>();
for (const pack of RULE_PACKS) {
  for (const rule of pack.rules) {
    for (const name of rule.commands) {
      const list = INDEX.get(name) ?? [];
      list.push(rule.check);
      INDEX.set(name, list);
    }
  }
}

/** Shell reserved words: a command using them has structure (or a syntax error) the parser must see. */
const RESERVED_WORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'select', 'coproc'];

function tokens(s: string): string[] {
  return s.toLowerCase().split(/[^a-z0-9_-]+/).filter(Boolean);
}

/** Lower-case tokens of which at least one must occur for any rule to fire. */
export const KEYWORDS: ReadonlySet<string> = (() => {
  const set = new Set<string>();
  const add = (w: string): void => tokens(w).forEach((t) => set.add(t));
  for (const pack of RULE_PACKS) {
    pack.keywords.forEach(add);
    for (const rule of pack.rules) if (rule.nameIsKeyword !== false) rule.commands.forEach(add);
  }
  // Commands that run other commands: the analysis looks inside them, so they are always interesting.
  for (const [name, w] of WRAPPERS) if (w.nameIsKeyword !== false) add(name);
  [...SHELLS, ...INTERPRETER_NAMES, ...RESERVED_WORDS].forEach(add);
  return set;
})();

function checksFor(name: string): Check[] | undefined {
  const direct = INDEX.get(name);
  if (direct !== undefined) return direct;
  const interp = interpreterName(name);
  return interp === undefined ? undefined : INDEX.get(interp);
}

export function runRules(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const checks = checksFor(cmd.name);
  if (checks === undefined) return;
  for (const check of checks) check(cmd, out);
}
