// Hook types (Claude Code's event names plus the orchestrator's) and their default priorities (CONTRACT §2).
export const HOOK_TYPES = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'UserPromptSubmit',
  'Stop',
  'SubagentStart',
  'SubagentStop',
  'SessionStart',
  'SessionEnd',
  'PreCompact',
  'AgentStart',
  'AgentStop',
  'Error',
] as const;

export type HookType = (typeof HOOK_TYPES)[number];

const HOOK_TYPE_SET: ReadonlySet<string> = new Set(HOOK_TYPES);

export function isHookType(value: unknown): value is HookType {
  return typeof value === 'string' && HOOK_TYPE_SET.has(value);
}

const DEFAULT_PRIORITY: Partial<Record<HookType, number>> = {
  Error: 1,
  Stop: 2,
  SubagentStop: 2,
  AgentStop: 2,
  PreToolUse: 3,
  PostToolUse: 3,
  PostToolUseFailure: 3,
  PermissionRequest: 3,
};

/** 1 is most urgent, 10 least; everything not named in the contract is 5. */
export function defaultPriority(hookType: HookType): number {
  return DEFAULT_PRIORITY[hookType] ?? 5;
}

export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 10;
