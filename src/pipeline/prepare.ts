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

/** The decided event as it will be stored and streamed. Never mutates the judged payload. */
export function storeForm(event: NewEvent, opts: PrepareOptions): StoreForm {
  let { payload, metadata, reason } = event;
  let report = event.sanitized;
  if (opts.redactor) {
    const p = opts.redactor.redact(payload);
    const m = opts.redactor.redact(metadata);
    // A reason may quote the command it is about.
    const r = reason === null ? null : opts.redactor.redact(reason);
    payload = p.value as Record<string, unknown>;
    metadata = m.value as Record<string, unknown>;
    if (r) reason = r.value as string;
    report = addToReport(report, { secrets_redacted: p.count + m.count + (r?.count ?? 0) });
  }
  const bounded = boundSize(payload, opts.maxPayloadBytes);
  if (bounded.fields_truncated) {
    payload = bounded.value;
    report = addToReport(report, { fields_truncated: bounded.fields_truncated, original_bytes: bounded.original_bytes });
  }
  const stored: NewEvent = { ...event, payload, metadata, reason };
  if (report) stored.sanitized = report;
  return { event: stored, bytes: bounded.bytes + 512 };
}
