// What the validator reads for another agent's tool call (DialectEvent.view): Claude Code's Bash and file tools.
import { checkFileTool } from '../security/file-tools.js';
import { RISK_ORDER } from '../security/model.js';

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

/** A shell tool as Claude Code's Bash: the command as sent (a value that is not text is judged unreadable by the validator). */
export function shellView(command: unknown, cwd: unknown): Record<string, unknown> {
  return { tool_name: 'Bash', tool_input: { command }, ...cwdOf(cwd) };
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
  return { tool_name: toolName, command: { unreadable: toolName }, ...cwdOf(cwd) };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, or undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
