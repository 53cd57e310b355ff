// Resume arithmetic over a StreamPosition: whether a `since` lost nothing, and a page's size in bytes.
import type { StoredEvent, StreamPosition } from './types.js';
import { compareStreamIds } from './stream-id.js';

/**
 * True when a client that saw everything up to `since` can be brought up to date with nothing missing:
 * the id belongs to this epoch (not before its origin, not after its top) and retention kept what follows.
 * `0-0` ("from the start") lost nothing unless something was trimmed. A client-supplied epoch must match.
 */
export function isRecovered(since: string, pos: StreamPosition, epoch?: string): boolean {
  if (epoch !== undefined && epoch !== pos.epoch) return false;
  const trimmedOk = pos.trimmedThrough === null || compareStreamIds(since, pos.trimmedThrough) >= 0;
  if (since === '0-0') return trimmedOk;
  if (pos.top === null || compareStreamIds(since, pos.top) > 0) return false;
  if (compareStreamIds(since, pos.origin) < 0) return false;
  return trimmedOk;
}

/** True when `since` names an id this store has not issued yet (from the future, or from a wiped history). */
export function isAfterTop(since: string, pos: Pick<StreamPosition, 'top'>): boolean {
  if (since === '0-0') return false;
  return pos.top === null || compareStreamIds(since, pos.top) > 0;
}

/** Approximate JSON size of a stored event: what page and memory budgets count. Never throws. */
export function approxEventBytes(e: StoredEvent): number {
  try {
    return JSON.stringify(e).length;
  } catch {
    return 1024 * 1024; // unserializable: count it as large, so budgets stay conservative
  }
}
