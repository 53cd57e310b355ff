// GitHub Copilot CLI's hook input (what `.github/hooks/*.json` command hooks get on stdin, posted by `hookhive forward`) and its answer.
import { Type, type Static } from '@sinclair/typebox';
import { AgentEventName, JsonObject } from './common.js';

const Str = (description?: string) => Type.Optional(Type.String(description ? { description } : {}));

/**
 * Copilot CLI's camelCase bodies carry no event name (it comes from the route's `?event=`); its VS Code compatible
 * ones (events configured in PascalCase) carry `hook_event_name` and snake_case fields. Both are accepted, every
 * field optional and unknown ones kept: a 400 would let the tool run. Fields the service reads are typed.
 */
export const CopilotHookInputSchema = Type.Object(
  {
    hook_event_name: Type.Optional(AgentEventName),
    sessionId: Str('The session: the session id, and the agent id when no X-Agent-Id is sent'),
    session_id: Str('The same, in the VS Code compatible format'),
    timestamp: Type.Optional(Type.Union([Type.Number(), Type.String()], { description: 'Unix ms (camelCase format) or ISO 8601' })),
    cwd: Str(),
    toolName: Str('preToolUse/postToolUse/permissionRequest: bash, powershell, edit, create, view, ...'),
    toolArgs: Type.Optional(Type.Union([JsonObject, Type.String()], { description: 'The tool arguments: an object, or JSON text of one' })),
    tool_name: Str(),
    tool_input: Type.Optional(Type.Unknown()),
    toolResult: Type.Optional(Type.Unknown({ description: 'postToolUse: {resultType, textResultForLlm}' })),
    prompt: Str('userPromptSubmitted: the prompt text'),
    error: Type.Optional(Type.Unknown({ description: 'errorOccurred: {message, name, stack}; postToolUseFailure: text' })),
    source: Type.Optional(Type.Unknown()),
    reason: Type.Optional(Type.Unknown()),
    stopReason: Type.Optional(Type.Unknown()),
    agentName: Type.Optional(Type.Unknown()),
    notification_type: Type.Optional(Type.Unknown()),
    message: Type.Optional(Type.Unknown()),
    trigger: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true, title: 'CopilotHookInput' },
);
export type CopilotHookInput = Static<typeof CopilotHookInputSchema> & Record<string, unknown>;

/** allow only when a person approved it in the dashboard (remote approvals). */
const Decision = Type.Union([Type.Literal('deny'), Type.Literal('ask'), Type.Literal('allow')]);

export const CopilotHookOutputSchema = Type.Object(
  {
    permissionDecision: Type.Optional(Decision),
    permissionDecisionReason: Type.Optional(Type.String()),
    behavior: Type.Optional(Type.Union([Type.Literal('deny'), Type.Literal('allow')], { description: 'permissionRequest: the request is denied (or approved by a person in the dashboard)' })),
    message: Type.Optional(Type.String({ description: 'permissionRequest: the reason fed back to the model' })),
    hookSpecificOutput: Type.Optional(
      Type.Object(
        { hookEventName: Type.String(), permissionDecision: Decision, permissionDecisionReason: Type.String() },
        { description: 'The same decision for a hook configured under the PascalCase (VS Code compatible) name' },
      ),
    ),
  },
  {
    title: 'CopilotHookOutput',
    description: 'Copilot CLI hook output: a preToolUse deny/ask, a permissionRequest deny, else {}',
  },
);
export type CopilotHookOutput = Static<typeof CopilotHookOutputSchema>;
