// One object shape for every stored event on the hot path.
import type { NewEvent, StoredEvent } from './types.js';

/**
 * The stored event with its stream id, written out as one literal in the order decodeEvent uses. V8 gives an
 * object made by spreading another and then adding keys (`{ ...input, id }`) a hidden class of its own each
 * time: several µs per event, and every later read and JSON.stringify of it takes the slow path.
 */
export function withId(e: NewEvent, id: string): StoredEvent {
  const out: StoredEvent = {
    id,
    event_id: e.event_id,
    hook_type: e.hook_type,
    agent_id: e.agent_id,
    session_id: e.session_id,
    correlation_id: e.correlation_id,
    priority: e.priority,
    timestamp: e.timestamp,
    payload: e.payload,
    metadata: e.metadata,
    decision: e.decision,
    risk: e.risk,
    reason: e.reason,
    rule: e.rule,
    processing_time_ms: e.processing_time_ms,
    source: e.source,
  };
  if (e.sanitized) out.sanitized = e.sanitized;
  return out;
}
