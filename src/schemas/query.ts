// Query strings of the read routes.
import { Type } from '@sinclair/typebox';
import { STREAM_ID_PATTERN } from './common.js';

export const EventsQuerySchema = Type.Object(
  {
    agent_id: Type.Optional(Type.String({ minLength: 1, description: 'Comma-separated agent ids' })),
    session_id: Type.Optional(Type.String({ minLength: 1, description: 'Comma-separated session ids' })),
    hook_type: Type.Optional(Type.String({ minLength: 1, description: 'Comma-separated hook types' })),
    min_priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Keep priority <= N' })),
    since: Type.Optional(Type.String({ pattern: STREAM_ID_PATTERN, description: 'Exclusive: events after this id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size, 1-1000 (default 100)' })),
    token: Type.Optional(Type.String({ description: 'Auth token, when the Authorization header cannot be set' })),
    last: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'The N most recent, oldest first' })),
  },
  { additionalProperties: false },
);
