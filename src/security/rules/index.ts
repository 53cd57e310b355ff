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
import { containersPack } from './containers.js';
import { exfiltrationPack } from './exfiltration.js';
import { persistencePack } from './persistence.js';
import { trustPack } from './trust.js';
import { httpPack } from './http.js';
import { saasPack } from './saas.js';
import { backupPack } from './backup.js';
import { datastoresPack } from './datastores.js';
import { secretManagersPack } from './secret-managers.js';
import { storagePack } from './storage.js';
import { servicesPack } from './services.js';
import { edgePack } from './edge.js';
import { kubernetesPack } from './kubernetes.js';
import { iacPack } from './iac.js';
import { containerOpsPack } from './container-ops.js';
import { cloudPack } from './cloud.js';
import { publishPack } from './publish.js';

const RULE_PACKS: readonly RulePack[] = [
  filesystemPack, disksPack, privilegePack, permissionsPack, remoteExecPack, firewallPack, processesPack, cronPack, gitPack, infraPack, secretsPack,
  containersPack, exfiltrationPack, persistencePack, trustPack,
  httpPack, saasPack, backupPack, datastoresPack, secretManagersPack, storagePack, servicesPack, edgePack,
  kubernetesPack, iacPack, containerOpsPack, cloudPack, publishPack,
];

type Check = (cmd: SimpleCommand, out: SecurityFinding[]) => void;

interface PackCheck {
  pack: string;
  check: Check;
}

const INDEX = new Map<string, PackCheck[]>();
for (const pack of RULE_PACKS) {
  for (const rule of pack.rules) {
    for (const name of rule.commands) {
      const list = INDEX.get(name) ?? [];
      list.push({ pack: pack.name, check: rule.check });
      INDEX.set(name, list);
    }
  }
}

/** The rule packs' names, in the order they run. */
export const PACK_NAMES: readonly string[] = RULE_PACKS.map((p) => p.name);

/**
 * The packs a deployment switches on (HOOK_SECURITY_PACKS): `undefined` or empty is every pack; a list that starts
 * with `all` or with a `-name` starts from every pack and takes the `-name`s out; otherwise only the named packs
 * run (`+name` adds). Returns undefined for "every pack". An unknown name throws, naming the known ones.
 */
export function selectPacks(spec: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (spec === undefined || spec.length === 0) return undefined;
  const entries = spec.map((e) => e.trim()).filter(Boolean);
  const fromAll = entries[0] === 'all' || entries[0]?.startsWith('-');
  const chosen = new Set(fromAll ? PACK_NAMES : []);
  for (const e of entries) {
    if (e === 'all') continue;
    const name = e.replace(/^[+-]/, '');
    if (!PACK_NAMES.includes(name)) throw new Error(`unknown security pack "${name}"; the packs are: ${PACK_NAMES.join(', ')}`);
    if (e.startsWith('-')) chosen.delete(name);
    else chosen.add(name);
  }
  return chosen.size === PACK_NAMES.length ? undefined : chosen;
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

function checksFor(name: string): PackCheck[] | undefined {
  const direct = INDEX.get(name);
  if (direct !== undefined) return direct;
  const interp = interpreterName(name);
  return interp === undefined ? undefined : INDEX.get(interp);
}

// Rules listed under '*' look at every command (what it sets in its environment, where it redirects).
const EVERY = INDEX.get('*') ?? [];

/** Runs the checks of every pack (or of `packs` only) that looks at this command's name, or at every command. */
export function runRules(cmd: SimpleCommand, out: SecurityFinding[], packs?: ReadonlySet<string>): void {
  for (const c of EVERY) if (packs === undefined || packs.has(c.pack)) c.check(cmd, out);
  const checks = checksFor(cmd.name);
  if (checks === undefined) return;
  for (const c of checks) if (packs === undefined || packs.has(c.pack)) c.check(cmd, out);
}
