// Example rules shipped with the service (none registered by default): the README shows how to turn them on.
import type { AggregationRule, RuleResult } from './types.js';

const textOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Identical Notifications (same message and type) seen at least twice in one window become one derived event
 * with their count; the raw Notifications are still stored and streamed. On a truncated window only the events the
 * rule was given are counted.
 */
export const collapseRepeatedNotifications: AggregationRule = (window): RuleResult | undefined => {
  const groups = new Map<string, { message: string; type: string | null; count: number; first: string; last: string }>();
  for (const e of window.events) {
    if (e.hook_type !== 'Notification') continue;
    const message = textOf(e.payload.message) ?? '';
    const type = textOf(e.payload.notification_type) ?? null;
    const key = JSON.stringify([message, type]);
    const group = groups.get(key);
    if (group) {
      group.count += 1;
      group.last = e.id;
    } else {
      groups.set(key, { message, type, count: 1, first: e.id, last: e.id });
    }
  }
  const repeated = [...groups.values()].filter((g) => g.count > 1);
  if (repeated.length === 0) return undefined;
  return {
    fields: { collapsed_notifications: repeated.reduce((n, g) => n + g.count, 0) },
    derived: repeated.map((g) => ({
      hook_type: 'Notification',
      agent_id: window.agent_id,
      session_id: window.session_id,
      message: g.message,
      notification_type: g.type,
      count: g.count,
      first_event_id: g.first,
      last_event_id: g.last,
    })),
  };
};
