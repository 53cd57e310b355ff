// Resume arithmetic: whether a `since` is still inside retained history, and where a client is synchronized to.
import { compareStreamIds, parseStreamId } from '../store/stream-id.js';

/**
 * True when nothing after `since` can have been trimmed: `since` is at or after the oldest retained id,
 * or is that id's direct predecessor, or the store says it never dropped anything.
 */
export function isRecovered(since: string, firstId: string | null, neverTrimmed = false): boolean {
  if (neverTrimmed || firstId === null) return true;
  if (compareStreamIds(since, firstId) >= 0) return true;
  const s = parseStreamId(since);
  const f = parseStreamId(firstId);
  return !!s && !!f && s.ms === f.ms && s.seq + 1 === f.seq;
}

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
