// Stream subscriptions: parsing filters from the query string or a subscribe message, with error frames, not throws.
import type { EventFilter } from '../store/types.js';
import { splitList } from '../store/filter.js';
import { isStreamId } from '../store/stream-id.js';
import { HOOK_TYPES, MAX_PRIORITY, MIN_PRIORITY, isHookType } from '../schemas/hook-types.js';
import { ErrorCodes } from '../errors.js';

/** What a client asked for: which events, and optionally where to resume from. */
export interface Subscription {
  filter: EventFilter;
  /** Exclusive: replay stored events after this id before going live. */
  since?: string;
}

export interface StreamError {
  code: string;
  message: string;
}

export type ParseResult = { ok: true; subscription: Subscription } | { ok: false; error: StreamError };

const LIST_KEYS = ['agent_ids', 'session_ids', 'hook_types'] as const;
type ListKey = (typeof LIST_KEYS)[number];
const QUERY_KEYS = new Set<string>([...LIST_KEYS, 'min_priority', 'since', 'token']);
const FILTER_KEYS = new Set<string>([...LIST_KEYS, 'min_priority']);
/** Keeps one client's subscription (and so the hub's index) small whatever it sends. */
export const MAX_LIST_ENTRIES = 1000;
const MAX_ENTRY_LENGTH = 256;

const fail = (code: string, message: string): ParseResult => ({ ok: false, error: { code, message } });

function checkList(key: ListKey, values: string[]): StreamError | null {
  if (values.length > MAX_LIST_ENTRIES) {
    return { code: ErrorCodes.VALIDATION, message: `${key} has more than ${MAX_LIST_ENTRIES} entries` };
  }
  for (const v of values) {
    if (v.length === 0 || v.length > MAX_ENTRY_LENGTH) {
      return { code: ErrorCodes.VALIDATION, message: `${key} entries must be 1-${MAX_ENTRY_LENGTH} characters` };
    }
  }
  if (key === 'hook_types') {
    const unknown = values.filter((v) => !isHookType(v));
    if (unknown.length) {
      return {
        code: ErrorCodes.UNKNOWN_HOOK_TYPE,
        message: `hook_types: ${unknown.map((u) => JSON.stringify(u)).join(', ')} not a known hook type; accepted: ${HOOK_TYPES.join(', ')}`,
      };
    }
  }
  return null;
}

function checkPriority(value: unknown): StreamError | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PRIORITY || value > MAX_PRIORITY) {
    return {
      code: ErrorCodes.VALIDATION,
      message: `min_priority must be an integer ${MIN_PRIORITY}-${MAX_PRIORITY} (events with priority <= N pass)`,
    };
  }
  return null;
}

function checkSince(value: unknown): StreamError | null {
  return isStreamId(value)
    ? null
    : { code: ErrorCodes.BAD_STREAM_ID, message: 'since must be a stream id `<ms>-<seq>`, as in an event\'s `id`' };
}

/** Query parameters of `GET /hooks/stream`: comma-separated lists, `min_priority`, `since`; `token` is auth's. */
export function parseQuerySubscription(query: Record<string, unknown> | undefined): ParseResult {
  const q = query ?? {};
  const unknown = Object.keys(q).filter((k) => !QUERY_KEYS.has(k));
  if (unknown.length) {
    return fail(ErrorCodes.VALIDATION, `unknown query parameter ${unknown.join(', ')}; accepted: ${[...QUERY_KEYS].join(', ')}`);
  }
  const filter: EventFilter = {};
  for (const key of LIST_KEYS) {
    const raw = q[key];
    if (raw === undefined) continue;
    // `?hook_types=a&hook_types=b` arrives as an array: treat it like `a,b`.
    const text = Array.isArray(raw) ? raw.join(',') : String(raw);
    const values = splitList(text);
    if (!values) continue;
    const err = checkList(key, values);
    if (err) return { ok: false, error: err };
    filter[key] = [...new Set(values)];
  }
  if (q.min_priority !== undefined) {
    const text = String(q.min_priority);
    const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    const err = checkPriority(n);
    if (err) return { ok: false, error: err };
    filter.min_priority = n;
  }
  const subscription: Subscription = { filter };
  if (q.since !== undefined && q.since !== '') {
    const err = checkSince(q.since);
    if (err) return { ok: false, error: err };
    subscription.since = q.since as string;
  }
  return { ok: true, subscription };
}

/** A client message: `{"type":"subscribe","filters":{...},"since":"<id>"}`; filters replace the previous ones. */
export function parseClientMessage(text: string): ParseResult {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return fail(ErrorCodes.BAD_JSON, 'message is not JSON; send {"type":"subscribe","filters":{...},"since":"<id>"}');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return fail(ErrorCodes.VALIDATION, 'message must be a JSON object');
  }
  const m = msg as Record<string, unknown>;
  if (m.type !== 'subscribe') {
    return fail(ErrorCodes.VALIDATION, `unknown message type ${JSON.stringify(m.type)}; the only one is "subscribe"`);
  }
  const extra = Object.keys(m).filter((k) => k !== 'type' && k !== 'filters' && k !== 'since');
  if (extra.length) return fail(ErrorCodes.VALIDATION, `unknown field ${extra.join(', ')}; accepted: type, filters, since`);
  const filter: EventFilter = {};
  if (m.filters !== undefined && m.filters !== null) {
    if (typeof m.filters !== 'object' || Array.isArray(m.filters)) {
      return fail(ErrorCodes.VALIDATION, 'filters must be an object');
    }
    const f = m.filters as Record<string, unknown>;
    const bad = Object.keys(f).filter((k) => !FILTER_KEYS.has(k));
    if (bad.length) return fail(ErrorCodes.VALIDATION, `unknown filter ${bad.join(', ')}; accepted: ${[...FILTER_KEYS].join(', ')}`);
    for (const key of LIST_KEYS) {
      const raw = f[key];
      if (raw === undefined || raw === null) continue;
      if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string')) {
        return fail(ErrorCodes.VALIDATION, `filters.${key} must be an array of strings`);
      }
      if (!raw.length) continue;
      const err = checkList(key, raw as string[]);
      if (err) return { ok: false, error: err };
      filter[key] = [...new Set(raw as string[])];
    }
    if (f.min_priority !== undefined && f.min_priority !== null) {
      const err = checkPriority(f.min_priority);
      if (err) return { ok: false, error: err };
      filter.min_priority = f.min_priority as number;
    }
  }
  const subscription: Subscription = { filter };
  if (m.since !== undefined && m.since !== null) {
    const err = checkSince(m.since);
    if (err) return { ok: false, error: err };
    subscription.since = m.since as string;
  }
  return { ok: true, subscription };
}
