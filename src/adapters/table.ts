// The one table of agent dialects, as plain data: the routes, `hookhive forward`, the OpenAPI document and the
// README's set-up snippets are generated or checked from it. Plain data, so the forwarder loads it in no time.
import { CLAUDE_EVENTS } from '../schemas/hook-types.js';

export const DIALECT_NAMES = ['claude', 'codex', 'cursor', 'gemini', 'copilot'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface DialectInfo {
  /** Its route is `/hooks/<name>`; `hookhive forward --dialect <name>`. */
  readonly name: DialectName;
  /** The agent, as people call it (docs, reasons). */
  readonly title: string;
  /** `metadata.agent` of its events. */
  readonly agent: string;
  /**
   * The body field that names the event. Absent when the agent sends none (Copilot CLI): then the event comes
   * from the route's `?event=` (what `forward --event` adds), else it is read off the body's shape.
   */
  readonly eventField?: string;
  /** Every event name the agent is known to send (its own spelling); any other is stored under its own name and counted. */
  readonly events: readonly string[];
  /** The events a set-up file lists (the README's snippet), when not all of `events`: names other formats use too. */
  readonly setupEvents?: readonly string[];
  /** The agent's events that wait for a decision (CONTRACT §3a): these always get a 200 decision. */
  readonly decisionEvents: readonly string[];
  /**
   * How `forward` hands a deny to the agent besides the JSON on stdout: `exit2` also writes the reason to stderr
   * and exits 2 (agents that only block on the exit code, or ignore JSON without it).
   */
  readonly denyBy: 'json' | 'exit2';
  /**
   * How `forward --fail-closed` blocks a decision event it could not get judged: `exit2` (the reason on stderr), or
   * `json` (the agent's deny on stdout, exit 0) for an agent that ignores a hook's exit code.
   */
  readonly failClosedBy?: 'exit2' | 'json';
  /** Dotted path, in the agent's answer, of the field that says `deny` when the answer blocks. */
  readonly decisionPath: string;
  /** Dotted path of the reason in the agent's answer, for the stderr line of an `exit2` deny. */
  readonly reasonPath: string;
  /** Whether the agent itself can be told to block when the service is down (README: fail-closed set-up). */
  readonly canFailClosed: string;
}

export const CLAUDE_INFO: DialectInfo = {
  name: 'claude',
  title: 'Claude Code',
  agent: 'claude-code',
  eventField: 'hook_event_name',
  events: CLAUDE_EVENTS,
  decisionEvents: ['PreToolUse', 'PermissionRequest'],
  denyBy: 'json',
  decisionPath: 'hookSpecificOutput.permissionDecision',
  reasonPath: 'hookSpecificOutput.permissionDecisionReason',
  canFailClosed: 'yes: `"onFailure": "block"` on the HTTP hook (Claude Code 2.1.295 or later), or `forward --fail-closed`',
};

// The other agents' entries: each agent's public hook docs, CONTRACT §3b, and what the real CLIs were seen to do.
export const CODEX_INFO: DialectInfo = {
  name: 'codex',
  title: 'Codex CLI',
  agent: 'codex',
  eventField: 'hook_event_name',
  // Codex's hook engine (codex-rs/hooks): Claude Code's names; Interrupt (a turn the user interrupted) is its own.
  events: [
    'SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'PreCompact', 'PostCompact',
    'SubagentStart', 'SubagentStop', 'Stop', 'StopFailure', 'Interrupt',
  ],
  // PermissionRequest is Codex's approval step: it honours a deny there (an ask leaves the approval to the user).
  decisionEvents: ['PreToolUse', 'PermissionRequest'],
  denyBy: 'json',
  decisionPath: 'hookSpecificOutput.permissionDecision',
  reasonPath: 'hookSpecificOutput.permissionDecisionReason',
  canFailClosed: 'only through `forward --fail-closed` (Codex runs the command when a hook fails)',
};

export const CURSOR_INFO: DialectInfo = {
  name: 'cursor',
  title: 'Cursor',
  agent: 'cursor',
  eventField: 'hook_event_name',
  // cursor.com/docs/agent/hooks: the agent hooks, then the Tab (inline completion) ones.
  events: [
    'sessionStart', 'sessionEnd', 'preToolUse', 'postToolUse', 'postToolUseFailure', 'subagentStart', 'subagentStop',
    'beforeShellExecution', 'afterShellExecution', 'beforeMCPExecution', 'afterMCPExecution', 'beforeReadFile',
    'afterFileEdit', 'beforeSubmitPrompt', 'preCompact', 'stop', 'afterAgentResponse', 'afterAgentThought',
    'beforeTabFileRead', 'afterTabFileEdit',
  ],
  // The hooks whose output carries `permission`; beforeSubmitPrompt's `continue` is not about a command.
  decisionEvents: ['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'beforeTabFileRead', 'preToolUse'],
  denyBy: 'json',
  decisionPath: 'permission',
  reasonPath: 'user_message',
  canFailClosed: 'yes: `"failClosed": true` on the hook in `.cursor/hooks.json`, or `forward --fail-closed`',
};

export const GEMINI_INFO: DialectInfo = {
  name: 'gemini',
  title: 'Gemini CLI',
  agent: 'gemini-cli',
  eventField: 'hook_event_name',
  events: [
    'SessionStart', 'SessionEnd', 'BeforeAgent', 'AfterAgent', 'BeforeModel', 'AfterModel', 'BeforeToolSelection',
    'BeforeTool', 'AfterTool', 'PreCompress', 'Notification',
  ],
  decisionEvents: ['BeforeTool'],
  denyBy: 'exit2',
  decisionPath: 'decision',
  reasonPath: 'reason',
  canFailClosed: 'only through `forward --fail-closed`',
};

export const COPILOT_INFO: DialectInfo = {
  name: 'copilot',
  title: 'Copilot CLI',
  agent: 'copilot-cli',
  // docs.github.com CLI hooks reference: the camelCase events, then the PascalCase names of its VS Code compatible format.
  events: [
    'sessionStart', 'sessionEnd', 'userPromptSubmitted', 'preToolUse', 'postToolUse', 'postToolUseFailure',
    'permissionRequest', 'agentStop', 'subagentStart', 'subagentStop', 'errorOccurred', 'preCompact', 'notification',
    'SessionStart', 'SessionEnd', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'Stop',
    'SubagentStop', 'ErrorOccurred', 'PreCompact', 'Notification',
  ],
  setupEvents: [
    'sessionStart', 'sessionEnd', 'userPromptSubmitted', 'preToolUse', 'postToolUse', 'postToolUseFailure',
    'permissionRequest', 'agentStop', 'subagentStart', 'subagentStop', 'errorOccurred', 'preCompact', 'notification',
  ],
  decisionEvents: ['preToolUse', 'permissionRequest', 'PreToolUse'],
  denyBy: 'json',
  failClosedBy: 'json',
  decisionPath: 'permissionDecision',
  reasonPath: 'permissionDecisionReason',
  // The CLI logs and skips a hook that fails or times out (only permissionRequest reads exit 2 as a deny).
  canFailClosed: 'only through `forward --fail-closed`',
};

export const DIALECT_INFO: Readonly<Record<DialectName, DialectInfo>> = {
  claude: CLAUDE_INFO,
  codex: CODEX_INFO,
  cursor: CURSOR_INFO,
  gemini: GEMINI_INFO,
  copilot: COPILOT_INFO,
};

/** Whether the agent waits for a decision on this event: an unreadable name counts as one (CONTRACT §3a). */
export function isDecisionEvent(info: DialectInfo, name: string | undefined): boolean {
  return name === undefined || info.decisionEvents.includes(name);
}

export function isDialectName(value: unknown): value is DialectName {
  return typeof value === 'string' && (DIALECT_NAMES as readonly string[]).includes(value);
}
