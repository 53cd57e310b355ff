// Event filters from a query string, a subscribe message or a history query: one set of rules, errors as values.
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
  /** The epoch `since` came from (the `subscribed` frame's `epoch`); another epoch means history was lost. */
  epoch?: string;
  /** Also send the aggregator's window summaries (`aggregates` frames) of the agents and sessions the filter passes. */
  aggregates?: boolean;
  /** Also send the pending approvals as they open and close (`approvals` frames), whatever the event filters. */
  approvals?: boolean;
}

export interface StreamError {
  code: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: StreamError };
export type ParseResult = Parsed<Subscription>;

const LIST_KEYS = ['agent_ids', 'session_ids', 'hook_types'] as const;
type ListKey = (typeof LIST_KEYS)[number];
/** Flags that ask for frames besides the events: `aggregates`, `approvals`. */
const FLAG_KEYS = ['aggregates', 'approvals'] as const;
type FlagKey = (typeof FLAG_KEYS)[number];
const QUERY_KEYS = new Set<string>([...LIST_KEYS, 'min_priority', 'since', 'epoch', ...FLAG_KEYS, 'token']);
const FILTER_KEYS = new Set<string>([...LIST_KEYS, 'min_priority', ...FLAG_KEYS]);
const MESSAGE_KEYS = new Set(['type', 'filters', 'since', 'epoch']);
/** Keeps one client's subscription (and so the hub's index) small whatever it sends. */
const MAX_LIST_ENTRIES = 1000;
const MAX_ENTRY_LENGTH = 256;

/** A filter before it is checked: lists already split, min_priority as sent. */
export interface FilterFields {
  agent_ids?: string[];
  session_ids?: string[];
  hook_types?: string[];
  min_priority?: unknown;
}

const fail = <T>(code: string, message: string): Parsed<T> => ({ ok: false, error: { code, message } });

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
        message: `${unknown.map((u) => JSON.stringify(u)).join(', ')} is not a known hook type; accepted: ${HOOK_TYPES.join(', ')}`,
      };
    }
  }
  return null;
}

/** The one set of filter rules, for the stream's query and messages and for history queries. */
export function checkFilter(fields: FilterFields): Parsed<EventFilter> {
  const filter: EventFilter = {};
  for (const key of LIST_KEYS) {
    const values = fields[key];
    if (!values?.length) continue;
    const err = checkList(key, values);
    if (err) return { ok: false, error: err };
    filter[key] = [...new Set(values)];
  }
  const p = fields.min_priority;
  if (p !== undefined && p !== null) {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < MIN_PRIORITY || p > MAX_PRIORITY) {
      return fail(ErrorCodes.VALIDATION, `min_priority must be an integer ${MIN_PRIORITY}-${MAX_PRIORITY} (events with priority <= N pass)`);
    }
    filter.min_priority = p;
  }
  return { ok: true, value: filter };
}

function withResume(filter: EventFilter, since: unknown, epoch: unknown): ParseResult {
  const subscription: Subscription = { filter };
  if (since !== undefined && since !== null && since !== '') {
    if (!isStreamId(since)) return fail(ErrorCodes.BAD_STREAM_ID, "since must be a stream id `<ms>-<seq>`, as in an event's `id`");
    subscription.since = since;
  }
  if (epoch !== undefined && epoch !== null && epoch !== '') {
    if (typeof epoch !== 'string' || epoch.length > 64) return fail(ErrorCodes.VALIDATION, 'epoch must be the `epoch` of a `subscribed` frame');
    if (subscription.since === undefined) return fail(ErrorCodes.VALIDATION, 'epoch only means something with since');
    subscription.epoch = epoch;
  }
  return { ok: true, value: subscription };
}

const textOf = (raw: unknown): string => (Array.isArray(raw) ? raw.join(',') : String(raw));

/** The subscription with the flags that were set to true (a false one is left out, as if never sent). */
function withFlags(resumed: ParseResult, flags: Partial<Record<FlagKey, boolean>>): ParseResult {
  if (!resumed.ok) return resumed;
  const value: Subscription = { ...resumed.value };
  for (const key of FLAG_KEYS) if (flags[key]) value[key] = true;
  return { ok: true, value };
}

/** Query parameters of `GET /hooks/stream`: comma-separated lists, `min_priority`, `since`, `epoch`; `token` is auth's. */
export function parseQuerySubscription(query: Record<string, unknown> | undefined): ParseResult {
  const q = query ?? {};
  const unknown = Object.keys(q).filter((k) => !QUERY_KEYS.has(k));
  if (unknown.length) {
    return fail(ErrorCodes.VALIDATION, `unknown query parameter ${unknown.join(', ')}; accepted: ${[...QUERY_KEYS].join(', ')}`);
  }
  const fields: FilterFields = {};
  // `?hook_types=a&hook_types=b` arrives as an array: treat it like `a,b`.
  for (const key of LIST_KEYS) if (q[key] !== undefined) fields[key] = splitList(textOf(q[key]));
  if (q.min_priority !== undefined) {
    const text = textOf(q.min_priority);
    fields.min_priority = /^\d{1,2}$/.test(text) ? Number(text) : text;
  }
  const filter = checkFilter(fields);
  if (!filter.ok) return filter;
  const flags: Partial<Record<FlagKey, boolean>> = {};
  for (const key of FLAG_KEYS) {
    if (q[key] === undefined) continue;
    const text = textOf(q[key]);
    if (text !== 'true' && text !== 'false') return fail(ErrorCodes.VALIDATION, `${key} must be true or false`);
    flags[key] = text === 'true';
  }
  const resumed = withResume(filter.value, q.since === undefined ? undefined : textOf(q.since), q.epoch === undefined ? undefined : textOf(q.epoch));
  return withFlags(resumed, flags);
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
  const extra = Object.keys(m).filter((k) => !MESSAGE_KEYS.has(k));
  if (extra.length) return fail(ErrorCodes.VALIDATION, `unknown field ${extra.join(', ')}; accepted: ${[...MESSAGE_KEYS].join(', ')}`);
  const fields: FilterFields = {};
  const flags: Partial<Record<FlagKey, boolean>> = {};
  if (m.filters !== undefined && m.filters !== null) {
    if (typeof m.filters !== 'object' || Array.isArray(m.filters)) return fail(ErrorCodes.VALIDATION, 'filters must be an object');
    const f = m.filters as Record<string, unknown>;
    const bad = Object.keys(f).filter((k) => !FILTER_KEYS.has(k));
    if (bad.length) return fail(ErrorCodes.VALIDATION, `unknown filter ${bad.join(', ')}; accepted: ${[...FILTER_KEYS].join(', ')}`);
    for (const key of LIST_KEYS) {
      const raw = f[key];
      if (raw === undefined || raw === null) continue;
      if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string')) {
        return fail(ErrorCodes.VALIDATION, `filters.${key} must be an array of strings`);
      }
      fields[key] = raw;
    }
    fields.min_priority = f.min_priority;
    for (const key of FLAG_KEYS) {
      const v = f[key];
      if (v !== undefined && v !== null && typeof v !== 'boolean') return fail(ErrorCodes.VALIDATION, `filters.${key} must be true or false`);
      flags[key] = v === true;
    }
  }
  const filter = checkFilter(fields);
  if (!filter.ok) return filter;
  return withFlags(withResume(filter.value, m.since, m.epoch), flags);
}
