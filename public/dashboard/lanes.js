// @ts-check
// One lane per agent and session (DOM-free): last activity, current tool, decision counts, rate buckets, timeline, latest aggregate.
import { eventTime, isApprovalEvent, laneKey, parseId, cmpId, str } from './model.js';
import { RateBuckets } from './rate.js';
import { Timeline } from './timeline.js';

/** @typedef {import('./model.js').HookEvent} HookEvent */
/**
 * @typedef {{ agent_id: string, session_id?: string | null, window_end?: string, event_count?: number,
 *   tool_usage?: Record<string, { count: number, success_count: number, error_count: number, avg_duration_ms: number | null }>,
 *   decisions?: { allow: number, ask: number, deny: number } }} Aggregate
 */
/**
 * @typedef {{ key: string, agent_id: string, session_id: string, lastAt: number, lastHook: string, lastId: string,
 *   counts: { allow: number, ask: number, deny: number }, events: number, rate: RateBuckets, timeline: Timeline,
 *   aggregate: Aggregate | null }} Lane
 */

/** Lanes kept: the least recently active go first, so a fleet of short-lived sessions stays bounded. */
export const MAX_LANES = 200;

export class Lanes {
  /** @param {number} max */
  constructor(max = MAX_LANES) {
    this.max = max;
    /** @type {Map<string, Lane>} */
    this.byKey = new Map();
    /** Bumped on every change, so the view redraws only when something moved. */
    this.version = 0;
  }

  /** @param {{agent_id: string, session_id?: string | null}} ev @returns {Lane} */
  lane(ev) {
    const key = laneKey(ev);
    let lane = this.byKey.get(key);
    if (!lane) {
      lane = { key, agent_id: str(ev.agent_id), session_id: str(ev.session_id), lastAt: 0, lastHook: '', lastId: '',
        counts: { allow: 0, ask: 0, deny: 0 }, events: 0, rate: new RateBuckets(), timeline: new Timeline(), aggregate: null };
      this.byKey.set(key, lane);
    }
    return lane;
  }

  /**
   * Counts one event. Ids at or below the lane's newest are ignored: a history reload after a gap brings
   * back events already counted. `arrivedAt` (live events only) feeds the rate.
   * @param {HookEvent} ev @param {number | null} arrivedAt
   */
  add(ev, arrivedAt = null) {
    if (!parseId(ev.id) || !str(ev.agent_id)) return false;
    const lane = this.lane(ev);
    if (lane.lastId && cmpId(ev.id, lane.lastId) <= 0) return false;
    lane.lastId = ev.id;
    if (isApprovalEvent(ev)) {
      // An operator's answer changes how a call ended, not what the agent did: no count, no activity, no rate.
      lane.timeline.add(ev);
      this.version++;
      return true;
    }
    lane.lastAt = Math.max(lane.lastAt, eventTime(ev));
    lane.lastHook = str(ev.hook_type);
    lane.events++;
    const d = ev.decision;
    if (d === 'allow' || d === 'ask' || d === 'deny') lane.counts[d]++;
    if (arrivedAt !== null) lane.rate.add(arrivedAt);
    lane.timeline.add(ev);
    this.evict(); // after the update: a new lane must not be evicted for having no activity yet
    this.version++;
    return true;
  }

  /** The newest summary per agent/session wins; one for an agent as a whole (no session) goes to each of its lanes. @param {Aggregate} a */
  addAggregate(a) {
    if (!a || !str(a.agent_id)) return;
    const targets = a.session_id ? [this.lane(a)] : [...this.byKey.values()].filter((l) => l.agent_id === a.agent_id);
    for (const lane of targets) {
      if (a.session_id === null && lane.aggregate?.session_id) continue; // a session's own summary is the closer one
      if (lane.aggregate && str(lane.aggregate.window_end) > str(a.window_end)) continue;
      lane.aggregate = a;
    }
    this.evict();
    this.version++;
  }

  /** Most recently active first. @returns {Lane[]} */
  list() {
    return [...this.byKey.values()].sort((a, b) => b.lastAt - a.lastAt || a.key.localeCompare(b.key));
  }

  clear() { this.byKey.clear(); this.version++; }

  evict() {
    if (this.byKey.size <= this.max) return;
    const oldest = this.list().slice(this.max);
    for (const l of oldest) this.byKey.delete(l.key);
  }
}
