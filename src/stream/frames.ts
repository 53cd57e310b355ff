// Server → client frames. Events are serialized once and frames are built by concatenation, never re-encoded.
import type { EventFilter, StoredEvent } from '../store/types.js';
import type { StreamError } from './filters.js';

const EVENTS_HEAD = '{"type":"hook_events","events":[';
const EVENTS_TAIL = ']}';

/** `{"type":"hook_events","events":[...]}` from already-serialized events, in the order given. */
export function eventsFrame(parts: readonly string[]): Buffer {
  return Buffer.from(EVENTS_HEAD + parts.join(',') + EVENTS_TAIL);
}

/**
 * Where serialized events split into frames: greedily, in order, at most `maxEvents` per frame and no frame much
 * over `maxBytes` (at least one event each). `weights` are each event's bytes plus its comma; returns each
 * frame's end index. The one definition of a frame's extent: the batcher uses it to tell whole frames.
 */
export function frameEnds(weights: readonly number[], maxBytes: number, maxEvents = Infinity): number[] {
  const ends: number[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (i > start && (i - start >= maxEvents || size + w > maxBytes)) {
      ends.push(i);
      start = i;
      size = 0;
    }
    size += w;
  }
  if (start < weights.length) ends.push(weights.length);
  return ends;
}

/** The bytes an event takes in a frame (its JSON and a comma): what frames and budgets count. */
export const partWeight = (json: string): number => json.length + 1;

/**
 * `eventsFrame`, split as `frameEnds` says (order kept): one huge tick or replay page must not look like a
 * slow consumer, nor pin an unbounded buffer.
 */
export function eventsFrames(parts: readonly string[], maxBytes: number, maxEvents = Infinity): Buffer[] {
  const ends = frameEnds(parts.map(partWeight), maxBytes, maxEvents);
  if (ends.length === 1) return [eventsFrame(parts)];
  return ends.map((end, k) => eventsFrame(parts.slice(k ? ends[k - 1] : 0, end)));
}

/**
 * One event's JSON. Events are bounded in depth where they enter the process, so this does not throw; if it
 * ever did, a stub with the event's identity goes out instead, so one bad event never costs anyone a frame.
 */
export function serializeEvent(e: StoredEvent, onError?: (err: unknown) => void): string {
  try {
    return JSON.stringify(e);
  } catch (err) {
    onError?.(err);
    const { id, event_id, hook_type, agent_id, session_id, priority, timestamp, decision, risk } = e;
    return JSON.stringify({
      id, event_id, hook_type, agent_id, session_id, priority, timestamp, decision, risk,
      payload: { __hookhive_unserializable__: 'this event could not be serialized; see the service log' },
    });
  }
}

/** The `subscribed` answer; the flags set to true are echoed in its filters. */
export function subscribedFrame(filter: EventFilter, recovered: boolean, lastId: string, epoch: string, flags: { aggregates?: boolean; approvals?: boolean } = {}): Buffer {
  const filters: Record<string, unknown> = { ...filter };
  if (flags.aggregates === true) filters.aggregates = true;
  if (flags.approvals === true) filters.approvals = true;
  return Buffer.from(JSON.stringify({ type: 'subscribed', filters, recovered, last_id: lastId, epoch }));
}

/** `{"type":"aggregates","aggregates":[...]}` from summaries serialized once. */
export function aggregatesFrame(parts: readonly string[]): Buffer {
  return Buffer.from(`{"type":"aggregates","aggregates":[${parts.join(',')}]}`);
}

/** `{"type":"approvals","approvals":[...]}` from records serialized once. */
export function approvalsFrame(parts: readonly string[]): Buffer {
  return Buffer.from(`{"type":"approvals","approvals":[${parts.join(',')}]}`);
}

export function errorFrame(error: StreamError): Buffer {
  return Buffer.from(JSON.stringify({ type: 'error', code: error.code, message: error.message }));
}

/** Close codes of the stream (README "Live stream"). */
export const CloseCodes = {
  /** Server shutting down (RFC 6455 "going away"). */
  GOING_AWAY: 1001,
  /** Connection limit reached (RFC 6455 registry "try again later"). */
  TRY_AGAIN_LATER: 1013,
  /** The client did not read fast enough; its queue went over HOOK_WS_MAX_BUFFER_BYTES. */
  SLOW_CONSUMER: 4008,
} as const;
