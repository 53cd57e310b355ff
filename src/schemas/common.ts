// Shared small schemas: the error shape, decisions, risks, stream ids.
import { Type } from '@sinclair/typebox';
import { DECISIONS, RISK_LEVELS } from '../security/types.js';
import { HOOK_TYPES } from './hook-types.js';

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({ description: 'Stable machine-readable code, HOOKS_ERR_*' }),
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'What went wrong, for a person' }),
  },
  { title: 'Error' },
);

export const DecisionSchema = Type.Union(
  DECISIONS.map((d) => Type.Literal(d)),
  { description: 'allow | ask | deny' },
);
export const RiskSchema = Type.Union(
  RISK_LEVELS.map((r) => Type.Literal(r)),
  { description: 'SAFE | LOW | MEDIUM | HIGH | CRITICAL' },
);
/**
 * An agent's event name: any name, so events released after this service are stored, not refused (CONTRACT §2);
 * bounded and plain, since it becomes the stored hook_type and a filter key.
 */
export const AgentEventName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_.:-]*$' });

export const HookTypeSchema = Type.Union(
  HOOK_TYPES.map((h) => Type.Literal(h)),
  { description: `One of ${HOOK_TYPES.join(', ')}` },
);

export const STREAM_ID_PATTERN = '^\\d{1,16}-\\d{1,16}$';

export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** Error responses every route may give. */
export function errorResponses(...codes: number[]) {
  const out: Record<number, typeof ErrorSchema> = {};
  for (const c of codes) out[c] = ErrorSchema;
  return out;
}
