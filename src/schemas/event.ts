// The event envelope (POST /hooks), the batch, the processing result and the stored event.
import { Type, type Static } from '@sinclair/typebox';
import { DecisionSchema, HookTypeSchema, JsonObject, RiskSchema } from './common.js';

export const HookEventInputSchema = Type.Object(
  {
    hook_type: HookTypeSchema,
    agent_id: Type.String({ minLength: 1, maxLength: 256 }),
    session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    payload: JsonObject,
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: '1 most urgent .. 10' })),
    correlation_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    metadata: Type.Optional(JsonObject),
    event_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Idempotency key: the same id is stored once' }),
    ),
    timestamp: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'ISO-8601 time of the hook' })),
  },
  { title: 'HookEventInput' },
);
export type HookEventInput = Static<typeof HookEventInputSchema>;

const MAX_BATCH_EVENTS = 1000;
export const BatchInputSchema = Type.Object(
  { events: Type.Array(HookEventInputSchema, { minItems: 1, maxItems: MAX_BATCH_EVENTS }) },
  { title: 'HookBatchInput' },
);

export const ProcessingResultSchema = Type.Object(
  {
    success: Type.Boolean(),
    event_id: Type.String(),
    stream_id: Type.String(),
    processing_time_ms: Type.Number({ description: 'Receipt to decision, in ms, of the first post of this event_id' }),
    decision: DecisionSchema,
    risk: RiskSchema,
    reason: Type.Optional(Type.String()),
    rule: Type.Optional(Type.String()),
  },
  { title: 'ProcessingResult' },
);
export type ProcessingResult = Static<typeof ProcessingResultSchema>;

const BatchItemErrorSchema = Type.Object(
  {
    success: Type.Literal(false),
    event_id: Type.Optional(Type.String()),
    error: Type.Object({ statusCode: Type.Integer(), code: Type.String(), message: Type.String() }),
  },
  { title: 'BatchItemError' },
);
export const BatchResultSchema = Type.Object(
  { results: Type.Array(Type.Union([ProcessingResultSchema, BatchItemErrorSchema])) },
  { title: 'HookBatchResult' },
);

export const StoredEventSchema = Type.Object(
  {
    id: Type.String({ description: 'Stream id, strictly increasing' }),
    event_id: Type.String(),
    hook_type: Type.String(),
    agent_id: Type.String(),
    session_id: Type.Union([Type.String(), Type.Null()]),
    correlation_id: Type.Union([Type.String(), Type.Null()]),
    priority: Type.Integer(),
    timestamp: Type.String(),
    payload: Type.Object({}, { additionalProperties: true }),
    metadata: Type.Object({}, { additionalProperties: true }),
    decision: DecisionSchema,
    risk: RiskSchema,
    reason: Type.Union([Type.String(), Type.Null()]),
    rule: Type.Union([Type.String(), Type.Null()]),
    processing_time_ms: Type.Number(),
    source: Type.String(),
    sanitized: Type.Optional(
      Type.Object(
        {
          depth_truncated: Type.Optional(Type.Integer({ description: 'Values nested deeper than HOOK_MAX_JSON_DEPTH, replaced by a marker' })),
          keys_removed: Type.Optional(Type.Integer({ description: '`__proto__` and prototype-carrying `constructor` keys removed' })),
          fields_truncated: Type.Optional(Type.Integer({ description: 'Long strings cut so the event fits HOOK_MAX_PAYLOAD_SIZE' })),
          original_bytes: Type.Optional(Type.Integer({ description: 'Approximate size of the payload as received, when it was cut' })),
          secrets_redacted: Type.Optional(Type.Integer({ description: 'Secrets replaced by a marker (HOOK_REDACT_SECRETS)' })),
        },
        { description: 'What the service changed before storing the event; absent when it was stored as received' },
      ),
    ),
  },
  { title: 'StoredEvent' },
);
