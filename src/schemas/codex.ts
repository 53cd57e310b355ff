// Codex CLI's hook input (what its command hooks get on stdin, posted by `hookhive forward --dialect codex`) and its hook output.
import { Type, type Static } from '@sinclair/typebox';
import { AgentEventName } from './common.js';

const Str = (description?: string) => Type.Optional(Type.String(description ? { description } : {}));
/** Codex sends `null` for some of these (no transcript in an ephemeral run, no last message yet): never a 400 for that. */
const NullableStr = (description?: string) => Type.Optional(Type.Union([Type.String(), Type.Null()], description ? { description } : {}));

/**
 * Claude-compatible fields plus Codex's own (`turn_id`, `model`). Every field but the event name is optional and
 * unknown ones are kept: a 400 would let the tool call run (CONTRACT §3a, §9).
 */
export const CodexHookInputSchema = Type.Object(
  {
    hook_event_name: AgentEventName,
    session_id: Str('The Codex thread id'),
    turn_id: Str('Codex extension: the active turn'),
    transcript_path: NullableStr(),
    cwd: Str(),
    model: Str('The active model slug'),
    permission_mode: Str(),
    tool_name: Str('Bash for every shell tool, apply_patch for file edits, mcp__<server>__<tool>, ...'),
    tool_input: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Bash: {command}; apply_patch: {command: <the patch text>}' })),
    tool_response: Type.Optional(Type.Unknown()),
    tool_use_id: Str('PreToolUse/PostToolUse: the tool call id'),
    prompt: Str('UserPromptSubmit: the prompt text'),
    source: Str('SessionStart: startup | resume | clear'),
    trigger: Str('PreCompact/PostCompact: manual | auto'),
    stop_hook_active: Type.Optional(Type.Boolean()),
    last_assistant_message: NullableStr(),
    agent_id: Str("Set inside a subagent: the subagent's id, which becomes the event's agent"),
    agent_type: Str(),
    error: Type.Optional(Type.Unknown()),
    error_details: NullableStr(),
  },
  { additionalProperties: true, title: 'CodexHookInput' },
);
export type CodexHookInput = Static<typeof CodexHookInputSchema> & Record<string, unknown>;

/**
 * Codex refuses an output with fields it does not know (the hook then counts as failed and the call runs), so this
 * is exactly what the dialect answers: `{}`, a PreToolUse deny, or a PermissionRequest deny.
 */
export const CodexHookOutputSchema = Type.Object(
  {
    hookSpecificOutput: Type.Optional(
      Type.Object({
        hookEventName: Type.String(),
        permissionDecision: Type.Optional(Type.Literal('deny')),
        permissionDecisionReason: Type.Optional(Type.String({ minLength: 1 })),
        decision: Type.Optional(
          Type.Object(
            { behavior: Type.Union([Type.Literal('deny'), Type.Literal('allow')]), message: Type.Optional(Type.String()) },
            { description: 'PermissionRequest: the approval is refused (or, when a person approved it in the dashboard, granted)' },
          ),
        ),
      }),
    ),
  },
  {
    title: 'CodexHookOutput',
    description: 'Codex hook output: {} for no decision; a deny (an ask is sent as a deny that says a person must approve it)',
  },
);
export type CodexHookOutput = Static<typeof CodexHookOutputSchema>;
