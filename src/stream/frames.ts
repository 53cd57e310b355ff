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
 * The same, split so no frame is much over `maxBytes` (order kept, at least one event per frame): one huge
 * tick or replay page must not look like a slow consumer, nor pin an unbounded buffer.
 */
export function eventsFrames(parts: readonly string[], maxBytes: number): Buffer[] {
  const frames: Buffer[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < parts.length; i++) {
    const len = (parts[i]).length + 1;
    if (i > start && size + len > maxBytes) {
      frames.push(eventsFrame(parts.slice(start, i)));
      start = i;
      size = 0;
    }
    size += len;
  }
  if (start < parts.length) frames.push(eventsFrame(start === 0 ? parts : parts.slice(start)));
  return frames;
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

export function subscribedFrame(filter: EventFilter, recovered: boolean, lastId: string, epoch: string): Buffer {
  return Buffer.from(JSON.stringify({ type: 'subscribed', filters: filter, recovered, last_id: lastId, epoch }));
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
