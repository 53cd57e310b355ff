// What a hook payload asks to run: the one table of command-bearing fields, and judging all of them (plus file-tool paths).
import type { SecurityFinding } from './types.js';
import { checkFileTool, READ_TOOLS, toolPath, WRITE_TOOLS } from './file-tools.js';
import { RISK_ORDER, finding } from './model.js';

/**
 * Dotted paths of the payload fields that hold a shell command. Every one present is judged.
 * `command` (generic hooks), `tool_input.command` (Claude Code's Bash tool), `parameters.command`.
 * Other agents' fields can be added with SecurityOptions.extraCommandPaths.
 */
export const COMMAND_PATHS: readonly string[] = ['command', 'tool_input.command', 'parameters.command'];

export interface CommandField {
  /** The dotted path the value was found at, e.g. `tool_input.command`. */
  path: string;
  value: unknown;
}

/** Paths split once: every hook reads them. */
const SPLIT = new Map<string, string[]>();
const keysOf = (path: string): string[] => {
  let keys = SPLIT.get(path);
  if (keys === undefined) SPLIT.set(path, (keys = path.split('.')));
  return keys;
};

/** Every non-null value found at one of `paths`, in their order (own properties of plain objects only). */
export function commandFields(payload: Record<string, unknown>, paths: readonly string[] = COMMAND_PATHS): CommandField[] {
  const out: CommandField[] = [];
  for (const path of paths) {
    let at: unknown = payload;
    for (const key of keysOf(path)) at = isRecord(at) && Object.hasOwn(at, key) ? at[key] : undefined;
    if (at !== undefined && at !== null) out.push({ path, value: at });
  }
  return out;
}

/**
 * The shell text a command field stands for: a string as it is, an array of strings as the
 * command made of those words (each single-quoted, so none is expanded or split). Undefined
 * for anything else.
 */
export function commandText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || !value.every((w) => typeof w === 'string')) return undefined;
  return (value).map(shellQuote).join(' ');
}

/** `it's` → `'it'\''s'`: one shell word whatever it contains. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What one part of a payload (a command field, a file tool's path) was judged to be. */
export interface Judged {
  /** The command the findings are about (a file tool's is `Write /path`); absent when there was none to read. */
  command?: string;
  findings: SecurityFinding[];
  /** True for a shell command (what custom validators are also asked about), false for a file tool's path. */
  shell?: boolean;
}

/**
 * Judges every command field at `paths` (identical commands once) and a file tool's path, each on
 * its own part. Synchronous: the rule packs are, and an await per hook costs more than it buys.
 */
export function judgeParts(
  payload: Record<string, unknown>,
  paths: readonly string[],
  judgeCommand: (command: string) => SecurityFinding[],
  maxBytes: number,
): Judged[] {
  const parts: Judged[] = [];
  const seen = new Set<string>();
  for (const { value } of commandFields(payload, paths)) {
    const text = commandText(value);
    if (text === undefined) {
      parts.push({ findings: [finding('input.bad-command', 'HIGH', 'The hook carried a command that is neither text nor a list of words, so it could not be checked.')] });
    } else if (!seen.has(text)) {
      seen.add(text);
      parts.push({ command: text, findings: judgeCommand(text), shell: true });
    }
  }
  const file = fileToolPart(payload, maxBytes);
  if (file !== undefined) parts.push(file);
  return parts;
}

/** The parts as one judgement: the worst part's findings first, and its command; undefined when there were none. */
export function combineParts(parts: readonly Judged[]): Judged | undefined {
  if (parts.length === 0) return undefined;
  let worst = 0;
  for (let i = 1; i < parts.length; i++) if (maxRisk(parts[i]) > maxRisk(parts[worst])) worst = i;
  const findings = parts[worst].findings.concat(...parts.filter((_, i) => i !== worst).map((p) => p.findings));
  return { command: parts[worst].command ?? parts.find((p) => p.command !== undefined)?.command, findings };
}

function maxRisk(part: Judged): number {
  let max = 0;
  for (const f of part.findings) max = Math.max(max, RISK_ORDER[f.risk] ?? 0);
  return max;
}

/** The path a file tool (Write, Edit, Read, ...) acts on, judged. */
function fileToolPart(payload: Record<string, unknown>, maxBytes: number): Judged | undefined {
  const tool = typeof payload.tool_name === 'string' ? payload.tool_name : undefined;
  const input = isRecord(payload.tool_input) ? payload.tool_input : undefined;
  if (tool === undefined || input === undefined || !(WRITE_TOOLS.has(tool) || READ_TOOLS.has(tool))) return undefined;
  const path = toolPath(input);
  if (path === undefined) return undefined;
  // The path is not a command, so maxCommandBytes does not limit it on the way in.
  if (Buffer.byteLength(path, 'utf8') > maxBytes) {
    return { command: tool, findings: [finding('input.too-large', 'HIGH', `The ${tool} path is longer than ${maxBytes} bytes, too long to check, so it needs a human to look at it.`)] };
  }
  return { command: `${tool} ${path}`, findings: checkFileTool(tool, path, typeof payload.cwd === 'string' ? payload.cwd : undefined) };
}

/** The finding of a command left unanalysed because the request's deadline had passed. */
export function requestBudgetFinding(hookType: string | undefined): SecurityFinding {
  const hook = typeof hookType === 'string' && /^[A-Za-z]{1,40}$/.test(hookType) ? `The ${hookType} hook` : 'The hook';
  return finding('request.deadline', 'HIGH', `${hook} ran out of time before this command could be checked, so it needs a human to look at it.`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
