// Flat field encoding of an event for Redis Streams: strings only, objects as JSON, nulls omitted.
import type { Decision, RiskLevel } from '../security/types.js';
import type { NewEvent, StoredEvent } from './types.js';
import { sanitizeJson } from '../json/sanitize.js';

/** Written with every entry so a future incompatible layout can be told apart; the decoder does not need it yet. */
const CODEC_VERSION = '1';

/**
 * Whatever wrote an entry (another instance, an older version, a person with redis-cli), what is read back is
 * bounded in depth like an ingested body, so nothing that serializes it later can overflow the stack. This is
 * the configuration's own upper limit: data this service wrote is never cut by it.
 */
const MAX_DECODE_DEPTH = 1024;

/**
 * `[name, value, name, value, ...]` as XADD takes it. A nested object is one JSON string field:
 * Redis rejects nested values, which is how the original design silently lost every event. `payloadJson`, the
 * payload's JSON when the caller made it already (an agent's body, fingerprinted as sent), is written as is.
 */
export function encodeEvent(e: NewEvent, payloadJson?: string): string[] {
  const f: string[] = [
    'v', CODEC_VERSION,
    'event_id', e.event_id,
    'hook_type', e.hook_type,
    'agent_id', e.agent_id,
    'priority', String(e.priority),
    'timestamp', e.timestamp,
    'decision', e.decision,
    'risk', e.risk,
    'processing_time_ms', String(e.processing_time_ms),
    'source', e.source,
    'payload', payloadJson ?? JSON.stringify(e.payload ?? {}),
    'metadata', JSON.stringify(e.metadata ?? {}),
  ];
  // Absent means null: keeps null and "" apart without a sentinel string.
  if (e.session_id !== null) f.push('session_id', e.session_id);
  if (e.correlation_id !== null) f.push('correlation_id', e.correlation_id);
  if (e.reason !== null) f.push('reason', e.reason);
  if (e.rule !== null) f.push('rule', e.rule);
  if (e.sanitized) f.push('sanitized', JSON.stringify(e.sanitized));
  return f;
}

function parseObject(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    sanitizeJson(v, MAX_DECODE_DEPTH);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    // Written by something else: keep the raw text rather than dropping the event.
    return { raw: text };
  }
}

/** Field list (as XRANGE/XREAD return it) → map. */
function fieldMap(fields: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i], fields[i + 1]);
  return m;
}

export function decodeEvent(id: string, fields: readonly string[]): StoredEvent {
  const m = fieldMap(fields);
  const num = (k: string, d: number) => {
    const n = Number(m.get(k));
    return Number.isFinite(n) ? n : d;
  };
  const event: StoredEvent = {
    id,
    event_id: m.get('event_id') ?? id,
    hook_type: m.get('hook_type') ?? 'Notification',
    agent_id: m.get('agent_id') ?? 'unknown',
    session_id: m.get('session_id') ?? null,
    correlation_id: m.get('correlation_id') ?? null,
    priority: num('priority', 5),
    timestamp: m.get('timestamp') ?? new Date(Number(id.split('-')[0])).toISOString(),
    payload: parseObject(m.get('payload')),
    metadata: parseObject(m.get('metadata')),
    decision: (m.get('decision') ?? 'allow') as Decision,
    risk: (m.get('risk') ?? 'SAFE') as RiskLevel,
    reason: m.get('reason') ?? null,
    rule: m.get('rule') ?? null,
    processing_time_ms: num('processing_time_ms', 0),
    source: m.get('source') ?? 'hooks',
  };
  const sanitized = m.get('sanitized');
  if (sanitized) event.sanitized = parseObject(sanitized);
  return event;
}

/** The security stream holds every ask/deny decision and every Error hook. */
export function isSecurityEvent(e: Pick<NewEvent, 'decision' | 'hook_type'>): boolean {
  return e.decision !== 'allow' || e.hook_type === 'Error';
}
