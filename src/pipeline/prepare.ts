// What is stored is not always what was judged: secrets redacted and the payload cut to HOOK_MAX_PAYLOAD_SIZE, both noted.
import type { NewEvent, SanitizeReport } from '../store/types.js';
import type { Redactor } from './redact.js';
import { boundSize } from '../json/sanitize.js';

export interface StoreForm {
  event: NewEvent;
  /** Approximate JSON size of what is stored. */
  bytes: number;
}

/** Adds counts to a report, leaving out zeros (an event stored as received has no report at all). */
export function addToReport(report: SanitizeReport | undefined, add: SanitizeReport): SanitizeReport | undefined {
  let out = report;
  for (const [k, v] of Object.entries(add) as [keyof SanitizeReport, number | undefined][]) {
    if (!v) continue;
    out = { ...out, [k]: k === 'original_bytes' ? v : (out?.[k] ?? 0) + v };
  }
  return out;
}

export interface PrepareOptions {
  maxPayloadBytes: number;
  redactor?: Redactor;
}

/**
 * The decided event as it will be stored and streamed. Never mutates the judged payload. `json`, the JSON of the
 * client's content (payload and metadata inside it) when the caller has it, lets both steps be skipped for the
 * common event: a scan of it finds nothing to redact, and its length bounds the payload's UTF-8 size (3 bytes per
 * UTF-16 unit at most) below the limit.
 */
export function storeForm(event: NewEvent, opts: PrepareOptions, json?: string): StoreForm {
  let { payload, metadata, reason } = event;
  let report = event.sanitized;
  const { redactor } = opts;
  if (redactor) {
    let count = 0;
    if (json === undefined || redactor.mayContain(json)) {
      const p = redactor.redact(payload);
      const m = redactor.redact(metadata);
      payload = p.value as Record<string, unknown>;
      metadata = m.value as Record<string, unknown>;
      count += p.count + m.count;
    }
    // A reason may quote the command it is about.
    if (reason !== null) {
      const r = redactor.redact(reason);
      reason = r.value as string;
      count += r.count;
    }
    if (count) report = addToReport(report, { secrets_redacted: count });
  }
  if (json !== undefined && json.length * 3 <= opts.maxPayloadBytes) return { event: changed(event, payload, metadata, reason, report), bytes: json.length + 512 };
  const bounded = boundSize(payload, opts.maxPayloadBytes);
  if (bounded.fields_truncated) {
    payload = bounded.value;
    report = addToReport(report, { fields_truncated: bounded.fields_truncated, original_bytes: bounded.original_bytes });
  }
  return { event: changed(event, payload, metadata, reason, report), bytes: bounded.bytes + 512 };
}

/** The event itself when nothing changed (the common case), else a copy with the changes. */
function changed(event: NewEvent, payload: NewEvent['payload'], metadata: NewEvent['metadata'], reason: string | null, report: SanitizeReport | undefined): NewEvent {
  if (payload === event.payload && metadata === event.metadata && reason === event.reason && report === event.sanitized) return event;
  const stored: NewEvent = { ...event, payload, metadata, reason };
  if (report) stored.sanitized = report;
  return stored;
}
