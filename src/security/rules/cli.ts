// Declarative packs for tools whose danger is a verb: `gh repo delete`, `aws s3 rb --force`, `heroku apps:destroy`.
// A tool is data (its command names and the verb paths that destroy); one function judges them all.
import type { RiskLevel, SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { operands } from './rule.js';
import type { CommandRule, RulePack } from './rule.js';

/** One destructive use of a tool. */
export interface VerbRule {
  /** Rule id, `<pack>.<what>` (e.g. `saas.repo-delete`). */
  rule: string;
  /**
   * Sub-command words that must follow one another among the operands, e.g. `['repo', 'delete']`. A string may list
   * alternatives (`'delete|destroy|rm'`); a RegExp matches one whole operand. Empty: any use of the tool.
   */
  verbs: readonly (string | RegExp)[];
  /** At least one of these flags must be given (`--force`; `--x` also matches `--x=value`, `-f` a short cluster with f). */
  flags?: readonly string[];
  /** None of these may be given (default: the dry-run and help flags). */
  unless?: readonly string[];
  risk: RiskLevel;
  /** One plain sentence: what it destroys. */
  reason: string;
}

export interface CliTool {
  /** Command names (basenames) of the tool. */
  commands: readonly string[];
  rules: readonly VerbRule[];
  /** Options that take a value as the next word (`--profile prod`): their value is not an operand. */
  valueFlags?: readonly string[];
  /** The verbs must start at the first operand (`aws <service> <operation>`), not anywhere among them. */
  anchored?: boolean;
}

/** Asking for help or a preview changes nothing. */
const HARMLESS_FLAGS: readonly string[] = ['--help', '--dry-run', '--dryrun', '--dry_run', '--what-if', '--whatif'];

type Matcher = (word: string) => boolean;

function matcherOf(v: string | RegExp): Matcher {
  if (typeof v !== 'string') return (w) => v.test(w);
  const alts = new Set(v.split('|'));
  return (w) => alts.has(w.toLowerCase());
}

/** True when `flag` was given: exactly, as `--flag=value`, or (a one-letter flag) inside a short-option cluster. */
export function hasFlag(argv: readonly string[], flag: string): boolean {
  const long = flag.startsWith('--');
  const letter = !long && flag.length === 2 && flag[0] === '-' ? flag[1] : undefined;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') return false;
    if (w === flag || (long && w.startsWith(flag + '='))) return true;
    if (letter !== undefined && w.length > 2 && w[0] === '-' && w[1] !== '-' && /^[A-Za-z]+$/.test(w.slice(1)) && w.includes(letter)) return true;
  }
  return false;
}

/** Index in `ops` where `verbs` follow one another, or -1. */
function findVerbs(ops: readonly string[], verbs: readonly Matcher[]): number {
  if (verbs.length === 0) return 0;
  for (let i = 0; i + verbs.length <= ops.length; i++) {
    let ok = true;
    for (let j = 0; j < verbs.length && ok; j++) ok = verbs[j](ops[i + j]);
    if (ok) return i;
  }
  return -1;
}

interface Compiled {
  spec: VerbRule;
  verbs: Matcher[];
  unless: readonly string[];
}

function toolCheck(tool: CliTool): CommandRule['check'] {
  const compiled: Compiled[] = tool.rules.map((spec) => ({ spec, verbs: spec.verbs.map(matcherOf), unless: spec.unless ?? HARMLESS_FLAGS }));
  const valueFlags = new Set(tool.valueFlags ?? []);
  return (cmd: SimpleCommand, out: SecurityFinding[]) => {
    const argv = valueFlags.size === 0 ? cmd.argv : cmd.argv.filter((_w, i) => i < 2 || !valueFlags.has(cmd.argv[i - 1]));
    const ops = operands(argv);
    if (ops[0] === 'help') return;
    for (const { spec, verbs, unless } of compiled) {
      const at = findVerbs(ops, verbs);
      if (at < 0 || (tool.anchored === true && at > 0)) continue;
      if (spec.flags !== undefined && !spec.flags.some((f) => hasFlag(cmd.argv, f))) continue;
      if (unless.some((f) => hasFlag(cmd.argv, f))) continue;
      out.push(finding(spec.rule, spec.risk, spec.reason, cmd));
      return; // the first matching rule of a tool is its most specific: list them worst first
    }
  };
}

/** The last token of a verb word: `apps:destroy` is woken by `destroy` alone, `kv:namespace` by `namespace`. */
function lastToken(word: string): string {
  const parts = word.toLowerCase().split(/[^a-z0-9_-]+/).filter(Boolean);
  return parts[parts.length - 1] ?? word;
}

/**
 * A pack of tools judged by their verbs. A rule can fire only when all its verbs are there, so one literal verb per
 * rule (its last, the destroying word) is enough to wake the pack: `gh pr list` is never parsed for it. A tool with a
 * rule without literal verbs is woken by its command names instead.
 */
export function cliPack(name: string, tools: readonly CliTool[], extraKeywords: readonly string[] = []): RulePack {
  const keywords = new Set(extraKeywords);
  const rules: CommandRule[] = tools.map((tool) => {
    let literal = true;
    for (const r of tool.rules) {
      const last = [...r.verbs].reverse().find((v): v is string => typeof v === 'string');
      if (last === undefined) literal = false;
      else for (const alt of last.split('|')) keywords.add(lastToken(alt));
    }
    return { commands: tool.commands, nameIsKeyword: !literal, check: toolCheck(tool) };
  });
  return { name, keywords: [...keywords], rules };
}
