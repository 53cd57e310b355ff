// Tool-aware checks: file paths that Claude Code's Write/Edit/MultiEdit/NotebookEdit/Read tools touch.
import type { SecurityFinding } from './types.js';
import { finding } from './model.js';
import { normPath } from './paths.js';
import { classifyFile } from './secrets.js';

export const WRITE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);
export const READ_TOOLS = new Set(['Read']);

/** The path a file tool acts on. */
export function toolPath(toolInput: Record<string, unknown>): string | undefined {
  const raw = toolInput.file_path ?? toolInput.notebook_path ?? toolInput.path;
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  return raw;
}

export function checkFileTool(tool: string, raw: string, cwd: string | undefined): SecurityFinding[] {
  const write = WRITE_TOOLS.has(tool);
  const base = cwd !== undefined && cwd.startsWith('/') ? cwd : undefined;
  let path = normPath(raw, base) ?? raw;
  // With no cwd to resolve against, a path that climbs out of it may reach the root: judge the worst case.
  if (path.startsWith('../')) path = '/' + path.replace(/^(\.\.\/)+/, '');
  const cls = classifyFile(path);
  if (cls === null) return [];
  const verb = write ? `${tool} of` : 'Reading';
  const subject = `${verb} '${raw}'`;
  if (write) {
    if (cls.level === 'critical') return [finding('file.write-system-critical', 'CRITICAL', `Blocked ${subject}: it is ${cls.what}.`, `${tool} ${raw}`)];
    if (cls.level === 'secret' && /\/\.ssh\/authorized_keys2?$/.test(path)) {
      return [finding('file.write-system-critical', 'CRITICAL', `Blocked ${subject}: adding SSH keys grants log-in access.`, `${tool} ${raw}`)];
    }
    return [finding(`file.write-${cls.level}`, 'HIGH', `${subject} changes ${cls.what}.`, `${tool} ${raw}`)];
  }
  if (cls.level === 'config') return [];
  return [finding(cls.level === 'system' ? 'file.read-system' : 'file.read-secret', 'MEDIUM', `${subject} would show ${cls.what} to the model.`, `${tool} ${raw}`)];
}
