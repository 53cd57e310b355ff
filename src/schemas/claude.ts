// Claude Code's hook input (as its `type: "http"` and command hooks send it) and its hook output.
import { Type, type Static } from '@sinclair/typebox';
import { AgentEventName, JsonObject } from './common.js';

const Str = (description?: string) => Type.Optional(Type.String(description ? { description } : {}));

/**
 * Claude Code adds fields release by release (CONTRACT §9): every field but the event name is
 * optional and unknown ones are kept, because a 400 would let the command run.
 */
export const ClaudeHookInputSchema = Type.Object(
  {
    hook_event_name: AgentEventName,
    session_id: Str(),
    transcript_path: Str(),
    cwd: Str(),
    permission_mode: Str(),
    tool_name: Str('PreToolUse/PostToolUse/PermissionRequest: the tool, e.g. Bash, Write'),
    tool_input: Type.Optional(JsonObject),
    tool_response: Type.Optional(Type.Unknown()),
    tool_use_id: Str(),
    error: Type.Optional(Type.Unknown()),
    prompt: Str('UserPromptSubmit: the prompt text'),
    message: Str('Notification: the message'),
    title: Str(),
    notification_type: Str(),
    stop_hook_active: Type.Optional(Type.Boolean()),
    agent_id: Str('Set inside a subagent: the subagent\'s id, which becomes the event\'s agent'),
    agent_type: Str(),
    prompt_id: Str(),
    effort: Type.Optional(Type.Unknown()),
    source: Str('SessionStart: startup | resume | clear | compact'),
    reason: Str('SessionEnd: why the session ended'),
    trigger: Str('PreCompact: manual | auto'),
    custom_instructions: Str(),
  },
  { additionalProperties: true, title: 'ClaudeHookInput' },
);
export type ClaudeHookInput = Static<typeof ClaudeHookInputSchema> & Record<string, unknown>;

export const ClaudeHookOutputSchema = Type.Object(
  {
    hookSpecificOutput: Type.Optional(
      Type.Object({
        hookEventName: Type.String(),
        permissionDecision: Type.Optional(Type.Union([Type.Literal('deny'), Type.Literal('ask'), Type.Literal('allow')])),
        permissionDecisionReason: Type.Optional(Type.String()),
        decision: Type.Optional(
          Type.Object(
            { behavior: Type.Union([Type.Literal('deny'), Type.Literal('allow')]), message: Type.Optional(Type.String()) },
            { description: 'PermissionRequest: the dialog is answered (allow only when a person approved it in the dashboard)' },
          ),
        ),
      }),
    ),
  },
  {
    title: 'ClaudeHookOutput',
    description: 'Claude Code hook output: {} for no decision, a PreToolUse deny/ask, a PermissionRequest deny, or (remote approvals) an allow',
  },
);
export type ClaudeHookOutput = Static<typeof ClaudeHookOutputSchema>;
