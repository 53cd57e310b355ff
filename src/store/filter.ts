// Event filters shared by history reads and the live stream: lists match any of, priority <= N passes.
import type { EventFilter, StoredEvent } from './types.js';

export function matchesFilter(event: StoredEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.min_priority !== undefined && event.priority > filter.min_priority) return false;
  if (filter.hook_types?.length && !filter.hook_types.includes(event.hook_type)) return false;
  if (filter.agent_ids?.length && !filter.agent_ids.includes(event.agent_id)) return false;
  if (filter.session_ids?.length && (event.session_id === null || !filter.session_ids.includes(event.session_id))) {
    return false;
  }
  return true;
}

export function isEmptyFilter(filter: EventFilter | undefined): boolean {
  return (
    !filter ||
    (!filter.agent_ids?.length && !filter.session_ids?.length && !filter.hook_types?.length &&
      filter.min_priority === undefined)
  );
}

/** `a,b, c` → ['a','b','c']; empty parts dropped; undefined stays undefined. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : undefined;
}
