// Resume arithmetic: whether a `since` is still inside retained history, and where a client is synchronized to.
import { compareStreamIds, parseStreamId } from '../store/stream-id.js';

/**
 * True when nothing after `since` was trimmed: the store never dropped anything, or `since` is at or
 * after the newest id retention removed (`EventStore.trimmedThrough`).
 */
export function isRecovered(since: string, trimmedThrough: string | null): boolean {
  return trimmedThrough === null || compareStreamIds(since, trimmedThrough) >= 0;
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
