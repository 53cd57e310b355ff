// Tool calls of other agents as the validator reads them: arguments sent as an object or as JSON text, put in Claude Code's shape.
import { sanitizeJson } from '../json/sanitize.js';

/**
 * Deepest nesting kept when a tool's arguments arrive as JSON text. The body around them was bounded by
 * HOOK_MAX_JSON_DEPTH, but text inside it is a fresh document; the validator only reads its top level.
 */
const ARGS_MAX_DEPTH = 32;

/** What Claude Code's tools a call stands for: `shell` becomes `Bash`; the others are its file tools. */
export type ToolKind = 'shell' | 'write' | 'edit' | 'read';

const CLAUDE_TOOL: Readonly<Record<Exclude<ToolKind, 'shell'>, string>> = { write: 'Write', edit: 'Edit', read: 'Read' };

/**
 * Stands in for a command or path that could not be read. Not text, so the validator's `input.bad-command`
 * finding (HIGH) makes it at least `ask`: a call whose arguments cannot be read is never allowed unseen.
 */
const UNREADABLE = Object.freeze({ hookhive: 'the tool arguments could not be read' });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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

/** The view of a shell command sent as its own field (Cursor's `command`). */
export function shellView(command: unknown, cwd: unknown): Record<string, unknown> {
  return toolView('Bash', 'shell', command === undefined ? undefined : { command }, cwd);
}

/** The view of a file path sent as its own field (Cursor's `file_path`). */
export function fileView(kind: Exclude<ToolKind, 'shell'>, path: unknown, cwd: unknown): Record<string, unknown> {
  return toolView(CLAUDE_TOOL[kind], kind, { file_path: path }, cwd);
}
