// Gemini CLI's hook input (what its command hooks get on stdin, posted by `hookhive forward --dialect gemini`) and its hook output.
import { Type, type Static } from '@sinclair/typebox';
import { AgentEventName } from './common.js';

const Str = (description?: string) => Type.Optional(Type.String(description ? { description } : {}));

/**
 * The base fields every event carries plus each event's own. Every field but the event name is optional and
 * unknown ones are kept: a 400 would let the tool call run (CONTRACT §3a, §9).
 */
export const GeminiHookInputSchema = Type.Object(
  {
    hook_event_name: AgentEventName,
    session_id: Str(),
    transcript_path: Str(),
    cwd: Str(),
    timestamp: Str('When the hook fired (ISO 8601); the same on a re-sent body'),
    tool_name: Str('BeforeTool/AfterTool: run_shell_command, write_file, replace, read_file, read_many_files, mcp_..., ...'),
    tool_input: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "The tool's arguments as the model gave them" })),
    tool_response: Type.Optional(Type.Unknown({ description: 'AfterTool: {llmContent, returnDisplay, error?}' })),
    mcp_context: Type.Optional(Type.Unknown()),
    original_request_name: Str(),
    prompt: Str('BeforeAgent/AfterAgent: the prompt text'),
    prompt_response: Str(),
    stop_hook_active: Type.Optional(Type.Boolean()),
    source: Str('SessionStart: startup | resume | clear'),
    reason: Str('SessionEnd: exit | clear | logout | prompt_input_exit | other'),
    trigger: Str('PreCompress: manual | auto'),
    notification_type: Str(),
    message: Str(),
    details: Type.Optional(Type.Unknown()),
    llm_request: Type.Optional(Type.Unknown()),
    llm_response: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true, title: 'GeminiHookInput' },
);
export type GeminiHookInput = Static<typeof GeminiHookInputSchema> & Record<string, unknown>;

/** Exactly what the dialect answers: `{}`, or a BeforeTool deny with its reason (an ask is sent as a deny). */
export const GeminiHookOutputSchema = Type.Object(
  {
    decision: Type.Optional(Type.Union([Type.Literal('deny'), Type.Literal('allow')], { description: 'allow only when a person approved it in the dashboard' })),
    reason: Type.Optional(Type.String({ minLength: 1, description: 'Sent to the model as the tool error' })),
  },
  {
    title: 'GeminiHookOutput',
    description: 'Gemini CLI hook output: {} for no decision, or {decision: "deny", reason} (an ask is sent as a deny that says a person must approve it)',
  },
);
export type GeminiHookOutput = Static<typeof GeminiHookOutputSchema>;
