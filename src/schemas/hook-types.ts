// Hook types (Claude Code's event names plus the orchestrator's) and their default priorities (CONTRACT §2).
/** Claude Code's hook events (2.1.3xx), in the order of its docs' lifecycle. */
export const CLAUDE_EVENTS = [
  'SessionStart',
  'Setup',
  'UserPromptSubmit',
  'UserPromptExpansion',
  'PreToolUse',
  'PermissionRequest',
  'PermissionDenied',
  'PostToolUse',
  'PostToolUseFailure',
  'PostToolBatch',
  'Notification',
  'MessageDisplay',
  'SubagentStart',
  'SubagentStop',
  'TaskCreated',
  'TaskCompleted',
  'Stop',
  'StopFailure',
  'TeammateIdle',
  'InstructionsLoaded',
  'ConfigChange',
  'CwdChanged',
  'DirectoryAdded',
  'FileChanged',
  'WorktreeCreate',
  'WorktreeRemove',
  'PreCompact',
  'PostCompact',
  'Elicitation',
  'ElicitationResult',
  'SessionEnd',
  'PreModelSwitch',
  'PostModelSwitch',
] as const;

/** Claude Code's events that only a command hook receives (not `type: "http"`): CONTRACT §9. */
export const COMMAND_HOOK_ONLY_EVENTS: readonly string[] = ['SessionStart', 'Setup'];

/**
 * The events the service itself stores about a held request (remote approvals, CONTRACT §11): its opening and its
 * closing, so history and the stream show who answered what.
 */
const APPROVAL_EVENTS = ['ApprovalRequested', 'ApprovalResolved'] as const;

/** The generic envelope's types: Claude Code's events, the seed orchestrator's, and the approval events. */
export const HOOK_TYPES = [...CLAUDE_EVENTS, 'AgentStart', 'AgentStop', 'Error', ...APPROVAL_EVENTS] as const;

export type HookType = (typeof HOOK_TYPES)[number];

const HOOK_TYPE_SET: ReadonlySet<string> = new Set(HOOK_TYPES);

export function isHookType(value: unknown): value is HookType {
  return typeof value === 'string' && HOOK_TYPE_SET.has(value);
}

const DEFAULT_PRIORITY: Readonly<Record<string, number>> = {
  Error: 1,
  StopFailure: 1,
  // A person is being asked right now: the dashboards must show it at once.
  ApprovalRequested: 1,
  ApprovalResolved: 1,
  Stop: 2,
  SubagentStop: 2,
  AgentStop: 2,
  PreToolUse: 3,
  PostToolUse: 3,
  PostToolUseFailure: 3,
  PermissionRequest: 3,
  PermissionDenied: 3,
};

/** 1 is most urgent, 10 least; everything not named in the contract is 5. */
export function defaultPriority(hookType: string): number {
  return Object.hasOwn(DEFAULT_PRIORITY, hookType) ? DEFAULT_PRIORITY[hookType] : 5;
}

export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 10;
