// Remote approvals over HTTP: the record (README, Remote approvals), the queue, and a person's answer.
import { Type } from '@sinclair/typebox';
import { RiskSchema } from './common.js';

/** How an approval stands: open, a person's answer, nobody in time, or the holding instance shut down. */
export const APPROVAL_STATUSES = ['pending', 'allowed', 'denied', 'expired', 'cancelled'] as const;

const NullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const ApprovalRecordSchema = Type.Object(
  {
    approval_id: Type.String({ description: 'Opaque, unique' }),
    event_id: Type.String({ description: "The held event's event_id" }),
    stream_id: Type.String({ description: "The held event's stream id" }),
    dialect: Type.String({ description: 'claude | codex | cursor | gemini | copilot' }),
    hook_type: Type.String({ description: "The agent's own event name (PreToolUse, PermissionRequest, ...)" }),
    agent_id: Type.String(),
    session_id: NullableString('The session, when known'),
    cwd: NullableString('Working directory, when sent'),
    tool_name: NullableString('The tool, when sent'),
    summary: Type.String({ description: 'The command, or the file path / tool target; may be empty' }),
    reason: Type.String({ description: "Why it was flagged: the validator's plain sentence" }),
    risk: RiskSchema,
    created_at: Type.String({ format: 'date-time' }),
    expires_at: Type.String({ format: 'date-time' }),
    status: Type.Union(APPROVAL_STATUSES.map((s) => Type.Literal(s)), {
      description: 'pending | allowed | denied | expired (nobody answered in time: the agent got ask) | cancelled (the holding instance shut down: ask)',
    }),
    answered_by: NullableString('Who answered, once answered'),
    answer_reason: NullableString("The person's optional reason"),
    answered_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When it closed (any status but pending)' }),
  },
  { title: 'ApprovalRecord' },
);

export const ApprovalListSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('off'), Type.Literal('dashboard')], { description: 'HOOK_APPROVAL_MODE' }),
    timeout_ms: Type.Integer({ description: 'HOOK_APPROVAL_TIMEOUT_MS' }),
    approvals: Type.Array(ApprovalRecordSchema, { description: 'The pending approvals of every instance sharing the store, oldest first' }),
  },
  { title: 'ApprovalList' },
);

export const ApprovalParamsSchema = Type.Object({ approval_id: Type.String({ minLength: 1, maxLength: 100 }) });

export const ApprovalAnswerSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
    by: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Who answers (shown to the agent and stored)' })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Why (shown to the agent and stored)' })),
  },
  { additionalProperties: false, title: 'ApprovalAnswer' },
);
