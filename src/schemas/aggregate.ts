// The aggregator's window summary (CONTRACT §10) as the API and the stream serve it.
import { Type } from '@sinclair/typebox';
import { STREAM_ID_PATTERN } from './common.js';

const Count = Type.Integer({ minimum: 0 });

const ToolUsageSchema = Type.Object(
  {
    count: Count,
    success_count: Count,
    error_count: Count,
    unfinished_count: Count,
    avg_duration_ms: Type.Union([Type.Number(), Type.Null()], { description: 'Mean duration of the calls paired PreToolUse → PostToolUse; null when none was' }),
  },
  { title: 'ToolUsage' },
);

const AggregateSchema = Type.Object(
  {
    id: Type.String({ description: 'Id in the aggregates stream, increasing' }),
    key: Type.String({ description: '<agent_id>|<session_id or ->|<window start ms>: the same window has the same key everywhere' }),
    agent_id: Type.String(),
    session_id: Type.Union([Type.String(), Type.Null()]),
    window_start: Type.String({ format: 'date-time' }),
    window_end: Type.String({ format: 'date-time' }),
    event_count: Count,
    hook_types: Type.Record(Type.String(), Count),
    tool_usage: Type.Record(Type.String(), ToolUsageSchema),
    decisions: Type.Object({ allow: Count, ask: Count, deny: Count }),
    avg_processing_time_ms: Type.Number(),
    first_event_id: Type.String(),
    last_event_id: Type.String(),
    rules: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), { description: 'What each custom rule added, by rule name' })),
    derived: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'Events custom rules derived; the raw events are all still stored' })),
  },
  { title: 'Aggregate', additionalProperties: true },
);

export const AggregatesQuerySchema = Type.Object(
  {
    agent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    since: Type.Optional(Type.String({ pattern: STREAM_ID_PATTERN, description: 'Summaries stored after this id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Default 100' })),
  },
  { additionalProperties: false },
);

export const AggregatesPageSchema = Type.Object(
  {
    aggregates: Type.Array(AggregateSchema),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `since` for the next page; null: no more' }),
  },
  { title: 'AggregatesPage' },
);
