// Normalize: the REST envelope → the one internal event shape (defaults, ids, timestamps), plus its content fingerprint.
import { hash, randomUUID } from 'node:crypto';
import { createError, ErrorCodes } from '../errors.js';
import { defaultPriority } from '../schemas/hook-types.js';
import type { HookEventInput } from '../schemas/event.js';
import type { NewEvent } from '../store/types.js';

/** The event before it is decided and stored: the stored shape without the decision fields. */
export type NormalizedEvent = Omit<NewEvent, 'decision' | 'risk' | 'reason' | 'rule' | 'processing_time_ms'>;

/** An event on its way in: what will be stored, and the digest of what the client sent (its idempotency identity). */
export interface Incoming {
  event: NormalizedEvent;
  fingerprint: string;
  /**
   * JSON of the client's content, payload included, made once for the fingerprint and reused: its length bounds
   * the payload's size and a scan of it tells whether there is anything to redact.
   */
  json?: string;
  /** The payload's JSON, when `json` is exactly that (an agent's body, stored as its payload): made once, stored as is. */
  payloadJson?: string;
  /** What the validator reads when it is not the payload itself: an agent's body in Claude Code's shape (adapters). */
  view?: Record<string, unknown>;
}

/**
 * The digest of what a client sent: a retry of the same content has the same one. Only client-supplied fields
 * count, and not the event_id (the key itself) nor the timestamp (a client re-sending an event may stamp it anew;
 * when it happened does not change what is judged).
 */
export function fingerprintOf(content: unknown): { fingerprint: string; json: string } {
  const json = JSON.stringify(content) ?? '';
  return { fingerprint: hash('sha256', json, 'base64url').slice(0, 32), json };
}

/** Accepts ISO-8601 strings; anything Date cannot read exactly is a 400, not a silent "now". */
function normalizeTimestamp(value: string | undefined, now: number, field = 'timestamp'): string {
  if (value === undefined) return new Date(now).toISOString();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw createError(ErrorCodes.VALIDATION, `${field} must be an ISO-8601 date-time (got ${JSON.stringify(value)})`, 400);
  }
  return new Date(ms).toISOString();
}

export function normalizeEnvelope(input: HookEventInput, now = Date.now(), source = 'hooks'): Incoming {
  const { event_id, timestamp: _when, ...content } = input;
  const { fingerprint, json } = fingerprintOf(content);
  return {
    fingerprint,
    json,
    event: {
      event_id: event_id ?? randomUUID(),
      hook_type: input.hook_type,
      agent_id: input.agent_id,
      session_id: input.session_id ?? null,
      correlation_id: input.correlation_id ?? null,
      priority: input.priority ?? defaultPriority(input.hook_type),
      timestamp: normalizeTimestamp(input.timestamp, now),
      payload: input.payload,
      metadata: input.metadata ?? {},
      source,
    },
  };
}
