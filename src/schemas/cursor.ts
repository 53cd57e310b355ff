// Cursor's hook input (what `.cursor/hooks.json` command hooks get on stdin, posted by `hookhive forward`) and its answer.
import { Type, type Static } from '@sinclair/typebox';
import { AgentEventName } from './common.js';

const Str = (description?: string) => Type.Optional(Type.String(description ? { description } : {}));

/**
 * Every field optional and unknown ones kept: Cursor adds events and fields release by release, and a 400 would let
 * the action through. Only the fields the service reads are typed; a wrong type there is answered fail-closed.
 */
export const CursorHookInputSchema = Type.Object(
  {
    hook_event_name: Type.Optional(AgentEventName),
    conversation_id: Str('The conversation: the session id, and the agent id when no X-Agent-Id is sent'),
    generation_id: Str('One agent turn; with the content it identifies a retried call'),
    workspace_roots: Type.Optional(Type.Unknown()),
    model: Type.Optional(Type.Unknown()),
    cursor_version: Type.Optional(Type.Unknown()),
    user_email: Type.Optional(Type.Unknown()),
    command: Str('beforeShellExecution/afterShellExecution: the shell command'),
    cwd: Str(),
    tool_name: Str('preToolUse/postToolUse: Shell, Read, Write, Delete, MCP:...; before/afterMCPExecution: the MCP tool'),
    tool_input: Type.Optional(Type.Unknown({ description: 'The tool arguments: an object, or JSON text of one' })),
    tool_use_id: Str(),
    file_path: Str('beforeReadFile/afterFileEdit (and the Tab variants): the file'),
    content: Type.Optional(Type.Unknown()),
    edits: Type.Optional(Type.Unknown()),
    prompt: Str('beforeSubmitPrompt: the prompt text'),
  },
  { additionalProperties: true, title: 'CursorHookInput' },
);
export type CursorHookInput = Static<typeof CursorHookInputSchema> & Record<string, unknown>;

export const CursorHookOutputSchema = Type.Object(
  {
    permission: Type.Optional(Type.Union([Type.Literal('allow'), Type.Literal('deny'), Type.Literal('ask')])),
    user_message: Type.Optional(Type.String({ description: 'Shown to the person' })),
    agent_message: Type.Optional(Type.String({ description: 'Shown to the model' })),
  },
  {
    title: 'CursorHookOutput',
    description: "Cursor hook output: a permission for the before* events and preToolUse's deny/ask, else {}",
  },
);
export type CursorHookOutput = Static<typeof CursorHookOutputSchema>;
