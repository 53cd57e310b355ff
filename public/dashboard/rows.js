// @ts-check
// The table's rows (DOM-free): kept in stream-id order, no duplicates, at most `max` — the bound on memory and on DOM size.
import { cmpId, parseId } from './model.js';

/** @typedef {import('./model.js').HookEvent} HookEvent */
/** @template T @typedef {{ id: string, ev: HookEvent, view: T | null }} Row */

export const MAX_ROWS = 500;

/** @template T */
export class RowStore {
  /** @param {number} max */
  constructor(max = MAX_ROWS) {
    this.max = max;
    /** @type {Row<T>[]} ascending by id; the page shows them newest first */
    this.rows = [];
    /** @type {Map<string, Row<T>>} */
    this.byId = new Map();
    /** @type {Row<T>[]} evicted since the last `takeEvicted`, whose views the page still has to remove */
    this.evicted = [];
    this.counts = { allow: 0, ask: 0, deny: 0 };
  }

  /** Inserts in id order; an event older than every kept row of a full table is not kept. @param {HookEvent} ev */
  add(ev) {
    if (!ev || !parseId(ev.id) || this.byId.has(ev.id)) return false;
    const rows = this.rows;
    if (rows.length >= this.max && cmpId(ev.id, rows[0].id) < 0) return false;
    let lo = 0, hi = rows.length;
    // Live events arrive in order: check the end first, so the common case is O(1).
    if (!rows.length || cmpId(rows[rows.length - 1].id, ev.id) < 0) lo = rows.length;
    else while (lo < hi) { const mid = (lo + hi) >> 1; if (cmpId(rows[mid].id, ev.id) < 0) lo = mid + 1; else hi = mid; }
    /** @type {Row<T>} */
    const row = { id: ev.id, ev, view: null };
    rows.splice(lo, 0, row);
    this.byId.set(ev.id, row);
    this.count(ev, 1);
    if (rows.length > this.max) {
      // One over (the steady state of a full table): shift(), which V8 does without moving the rest.
      const gone = rows.length === this.max + 1 ? [/** @type {Row<T>} */ (rows.shift())] : rows.splice(0, rows.length - this.max);
      for (const g of gone) { this.byId.delete(g.id); this.count(g.ev, -1); if (g.view) this.evicted.push(g); }
    }
    return true;
  }

  /** @param {HookEvent} ev @param {number} n */
  count(ev, n) {
    const d = ev.decision;
    if (d === 'allow' || d === 'ask' || d === 'deny') this.counts[d] += n;
  }

  /** Rows evicted since the last call, that had a view. */
  takeEvicted() { const out = this.evicted; this.evicted = []; return out; }

  /** @param {string} id */
  get(id) { return this.byId.get(id); }

  get size() { return this.rows.length; }

  clear() {
    for (const r of this.rows) if (r.view) this.evicted.push(r);
    this.rows = [];
    this.byId.clear();
    this.counts = { allow: 0, ask: 0, deny: 0 };
  }
}
