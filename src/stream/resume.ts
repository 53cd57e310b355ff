// Resume arithmetic of the stream: where a client is synchronized to, and how old an event is.
import { compareStreamIds, parseStreamId } from '../store/stream-id.js';

/** The larger of some stream ids (nulls ignored); null when none is given. */
export function maxStreamId(...ids: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const id of ids) {
    if (id && (best === null || compareStreamIds(id, best) > 0)) best = id;
  }
  return best;
}

/** The ms part of a stream id: when the store accepted the event (for the fan-out lag histogram). */
export function streamIdMs(id: string): number | null {
  return parseStreamId(id)?.ms ?? null;
}
