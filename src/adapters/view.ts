// What the validator reads for another agent's tool call (DialectEvent.view): Claude Code's Bash and file tools.
import { checkFileTool } from '../security/file-tools.js';
import { RISK_ORDER } from '../security/model.js';
import { sanitizeJson } from '../json/sanitize.js';

/**
 * Stands in for a command or path that could not be read. Not text, so the validator's `input.bad-command`
 * finding (HIGH) makes it at least `ask`: a call whose arguments cannot be read is never allowed unseen.
 */
const UNREADABLE = Object.freeze({ hookhive: 'the tool arguments could not be read' });

/** Claude Code's file tools an agent's file tool is judged as: every file-path rule is written for these. */
export type FileTool = 'Write' | 'Edit' | 'Read';

/** One file a tool call touches, and how. */
export interface FileTouch {
  tool: FileTool;
  path: string;
}

/** More paths than this in one call are not picked through one by one: the call is asked about instead. */
const MAX_TOUCHES = 1000;

const cwdOf = (cwd: unknown): Record<string, string> => (typeof cwd === 'string' ? { cwd } : {});

/** A shell tool as Claude Code's Bash: the command as sent; a missing one, or one that is not text, is judged unreadable. */
export function shellView(command: unknown, cwd: unknown): Record<string, unknown> {
  return { tool_name: 'Bash', tool_input: { command: command === undefined || command === null ? UNREADABLE : command }, ...cwdOf(cwd) };
}

/**
 * A file tool call (the agent's `toolName`) as Claude Code's Write/Edit/Read; none or too many paths: unreadable. The view holds one file tool, so of several paths (a patch, a
 * multi-file read) the one the file rules judge worst goes in; the validator then judges it again with the rest
 * of the payload. A path the rules cannot even classify (they threw) counts as worst, so the validator meets it.
 */
export function fileView(toolName: string, touches: readonly FileTouch[], cwd: unknown): Record<string, unknown> {
  if (touches.length === 0 || touches.length > MAX_TOUCHES) return unreadableView(toolName, cwd);
  const base = typeof cwd === 'string' ? cwd : undefined;
  let worst = touches[0];
  let worstRisk = -1;
  for (const t of touches) {
    let risk: number;
    try {
      risk = Math.max(-1, ...checkFileTool(t.tool, t.path, base).map((f) => RISK_ORDER[f.risk] ?? 0));
    } catch {
      risk = Number.MAX_SAFE_INTEGER;
    }
    // Among equals a write is worse than a read of the same path.
    if (risk > worstRisk || (risk === worstRisk && worst.tool === 'Read' && t.tool !== 'Read')) {
      worst = t;
      worstRisk = risk;
    }
  }
  return { tool_name: worst.tool, tool_input: { file_path: worst.path }, ...cwdOf(cwd) };
}

/**
 * A tool call whose input cannot be read (a patch in no known form, a file tool without a path): its command
 * field holds something that is not text, which the validator never lets through without asking.
 */
export function unreadableView(toolName: string, cwd: unknown): Record<string, unknown> {
  return { tool_name: toolName, command: UNREADABLE, ...cwdOf(cwd) };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, or undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Deepest nesting kept when a tool's arguments arrive as JSON text. The body around them was bounded by
 * HOOK_MAX_JSON_DEPTH, but text inside it is a fresh document; the validator only reads its top level.
 */
const ARGS_MAX_DEPTH = 32;

/** What Claude Code's tools a call stands for: `shell` becomes `Bash`; the others are its file tools. */
export type ToolKind = 'shell' | 'write' | 'edit' | 'read';

const CLAUDE_TOOL: Readonly<Record<Exclude<ToolKind, 'shell'>, string>> = { write: 'Write', edit: 'Edit', read: 'Read' };

/**
 * A tool's arguments: the object itself, or the object a JSON text holds (parsed, depth-bounded, `__proto__`
 * keys removed). `undefined` when there are none; `null` when there are some that are not an object.
 */
export function readToolArgs(raw: unknown): Record<string, unknown> | null | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (isRecord(raw)) return raw;
  if (typeof raw !== 'string') return null;
  let parsed: unknown;
  try {
    // The text is no larger than the body, which the route's body limit bounds; JSON.parse is iterative.
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  sanitizeJson(parsed, ARGS_MAX_DEPTH);
  return isRecord(parsed) ? parsed : null;
}

/** The path a file tool's arguments name, if it is text. */
function pathOf(args: Record<string, unknown>): string | undefined {
  const raw = args.file_path ?? args.path ?? args.filePath ?? args.notebook_path;
  return typeof raw === 'string' && raw.length > 0 ? raw : undefined;
}

/**
 * The view of one tool call in Claude Code's shape. A shell call becomes `Bash` with its command; a file call
 * `Write`/`Edit`/`Read` with its path; any other tool keeps its name and arguments (a `command` among them is
 * still judged). A shell or file call whose command or path cannot be read carries UNREADABLE instead.
 */
export function toolView(
  tool: string,
  kind: ToolKind | undefined,
  args: Record<string, unknown> | null | undefined,
  cwd: unknown,
  shellField = 'command',
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  if (typeof cwd === 'string') view.cwd = cwd;
  if (kind === 'shell') {
    const command = args?.[shellField];
    view.tool_name = 'Bash';
    view.tool_input = { command: command === undefined || command === null ? UNREADABLE : command };
  } else if (kind !== undefined) {
    const path = args ? pathOf(args) : undefined;
    view.tool_name = CLAUDE_TOOL[kind];
    view.tool_input = path === undefined ? { command: UNREADABLE } : { file_path: path };
  } else {
    view.tool_name = tool;
    if (args) view.tool_input = args;
  }
  return view;
}

/** The view of a file path sent as its own field (Cursor's `file_path`). */
export function pathView(kind: Exclude<ToolKind, 'shell'>, path: unknown, cwd: unknown): Record<string, unknown> {
  return toolView(CLAUDE_TOOL[kind], kind, { file_path: path }, cwd);
}
