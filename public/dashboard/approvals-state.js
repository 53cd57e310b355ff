// @ts-check
// The approvals queue (DOM-free): records merged by approval_id from frames and GET snapshots; a closed status always beats pending.

/**
 * @typedef {{ approval_id: string, event_id?: string, stream_id?: string, dialect?: string, hook_type?: string,
 *   agent_id: string, session_id?: string | null, cwd?: string | null, tool_name?: string | null, summary?: string,
 *   reason?: string, risk?: string, created_at: string, expires_at: string,
 *   status: 'pending' | 'allowed' | 'denied' | 'expired' | 'cancelled', answered_by?: string | null,
 *   answer_reason?: string | null, answered_at?: string | null }} Approval
 */

/** Closed ones stay on screen a while (who answered, how), but not without end. */
export const MAX_CLOSED = 20;
const STATUSES = new Set(['pending', 'allowed', 'denied', 'expired', 'cancelled']);

/** @param {unknown} r @returns {r is Approval} */
function valid(r) {
  const a = /** @type {Record<string, unknown>} */ (r);
  return !!a && typeof a === 'object' && typeof a.approval_id === 'string' && a.approval_id !== '' && STATUSES.has(String(a.status));
}

export class ApprovalQueue {
  constructor() {
    /** @type {Map<string, { rec: Approval, seen: number }>} */
    this.byId = new Map();
    /** A tick per merge: a snapshot only drops what it could have seen. */
    this.tick = 0;
    this.version = 0;
  }

  /** Merges records from a frame, a POST answer or a snapshot. @param {unknown[]} records */
  merge(records) {
    const tick = ++this.tick;
    for (const r of records) {
      if (!valid(r)) continue;
      const had = this.byId.get(r.approval_id);
      // Closed is final: a late pending copy (a snapshot read before the close) must not reopen it.
      if (had && had.rec.status !== 'pending' && r.status === 'pending') continue;
      if (had && had.rec.status !== 'pending' && r.status !== 'pending') continue; // the first close seen stays
      this.byId.set(r.approval_id, { rec: r, seen: tick });
    }
    this.trim();
    this.version++;
  }

  /** Where a snapshot request starts: pass it back to `snapshot`. */
  mark() { return ++this.tick; }

  /**
   * `GET /hooks/approvals` lists every pending one. A pending one missing from it closed while no frame reached
   * us (frames are not replayed): drop it — unless a frame brought it after the request went out.
   * @param {unknown[]} pending @param {number} requestedAt the `mark()` taken before the request
   */
  snapshot(pending, requestedAt) {
    const ids = new Set(pending.filter(valid).map((r) => r.approval_id));
    for (const [id, e] of this.byId) if (e.rec.status === 'pending' && !ids.has(id) && e.seen <= requestedAt) this.byId.delete(id);
    this.merge(pending);
  }

  /** Pending oldest first (the first to expire on top), then the closed ones, last closed first. */
  list() {
    const all = [...this.byId.values()].map((e) => e.rec);
    const pending = all.filter((r) => r.status === 'pending').sort((a, b) => a.created_at.localeCompare(b.created_at));
    const closed = all.filter((r) => r.status !== 'pending').sort((a, b) => String(b.answered_at || b.created_at).localeCompare(String(a.answered_at || a.created_at)));
    return { pending, closed };
  }

  trim() {
    const { closed } = this.list();
    for (const r of closed.slice(MAX_CLOSED)) this.byId.delete(r.approval_id);
  }

  /** @param {string} id */
  get(id) { return this.byId.get(id)?.rec; }
}

/** Whole seconds left to answer (0 once past). @param {Approval} a @param {number} now */
export function secondsLeft(a, now) {
  const end = Date.parse(a.expires_at);
  return Number.isFinite(end) ? Math.max(0, Math.ceil((end - now) / 1000)) : 0;
}

/** How a closed one ended, in words. @param {Approval} a */
export function outcome(a) {
  const by = a.answered_by ? ' by ' + a.answered_by : '';
  const why = a.answer_reason ? ': ' + a.answer_reason : '';
  if (a.status === 'allowed') return 'Approved' + by + why;
  if (a.status === 'denied') return 'Denied' + by + why;
  if (a.status === 'expired') return 'Expired: nobody answered in time (the agent asked its user)';
  if (a.status === 'cancelled') return a.answer_reason ? 'Cancelled: ' + a.answer_reason : 'Cancelled: the service shut down (the agent asked its user)';
  return 'Waiting';
}
