// Building approval records from a held event, closing them, and the ApprovalRequested/ApprovalResolved events.
import type { NewEvent, StoredEvent } from '../store/types.js';
import type { Decision } from '../security/types.js';
import { defaultPriority } from '../schemas/hook-types.js';
import type { ApprovalAnswer, ApprovalRecord, HeldOutcome } from './types.js';

/** `source` of the approval events: no HTTP route can store an event under it, so a dashboard can trust them. */
const APPROVAL_SOURCE = 'approvals';
/** Who answered, when the answer names nobody. */
export const DEFAULT_ANSWERER = 'an operator';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A tool's arguments as sent: an object, or JSON text of one (Copilot's `toolArgs`). */
function argsOf(raw: unknown): Record<string, unknown> {
  if (isRecord(raw)) return raw;
  if (typeof raw !== 'string') return {};
  try {
    const v = JSON.parse(raw) as unknown;
    return isRecord(v) ? v : {};
  } catch {
    return {};
  }
}

/**
 * What the person is asked about, from the stored payload (already redacted): the command, else the file path,
 * else the tool's target. Every agent's spelling of the fields the dialects read.
 */
function summaryOf(payload: Record<string, unknown>): string {
  const args = [argsOf(payload.tool_input), argsOf(payload.toolArgs), argsOf(payload.parameters), payload];
  for (const key of ['command', 'cmd']) for (const a of args) if (text(a[key])) return text(a[key]) as string;
  for (const key of ['file_path', 'path', 'filePath', 'notebook_path', 'url', 'pattern']) {
    for (const a of args) if (text(a[key])) return text(a[key]) as string;
  }
  return '';
}

export interface OpenInput {
  approvalId: string;
  event: StoredEvent;
  dialect: string;
  /** The agent's own event name (what the agent is answered for). */
  hookType: string;
  now: number;
  timeoutMs: number;
}

export function openRecord({ approvalId, event, dialect, hookType, now, timeoutMs }: OpenInput): ApprovalRecord {
  const p = event.payload;
  return {
    approval_id: approvalId,
    event_id: event.event_id,
    stream_id: event.id,
    dialect,
    hook_type: hookType,
    agent_id: event.agent_id,
    session_id: event.session_id,
    cwd: text(p.cwd) ?? null,
    tool_name: text(p.tool_name) ?? text(p.toolName) ?? null,
    summary: summaryOf(p),
    reason: event.reason ?? `Judged ${event.risk} risk.`,
    risk: event.risk,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + timeoutMs).toISOString(),
    status: 'pending',
    answered_by: null,
    answer_reason: null,
    answered_at: null,
  };
}

export function closedRecord(record: ApprovalRecord, answer: ApprovalAnswer): ApprovalRecord {
  return { ...record, status: answer.status, answered_by: answer.answered_by, answer_reason: answer.answer_reason, answered_at: answer.answered_at };
}

/** "Approved by alice in the hookhive dashboard: reviewed the diff" — what the agent (and its model) reads. */
function answeredReason(verb: string, record: ApprovalRecord): string {
  const why = record.answer_reason ? `: ${record.answer_reason}` : '';
  return `${verb} by ${record.answered_by ?? DEFAULT_ANSWERER} in the hookhive dashboard${why}`;
}

/** What the agent gets for a closed approval: allow, deny, or (nobody in time, shutdown) ask with the original reason. */
export function outcomeOf(record: ApprovalRecord): HeldOutcome {
  if (record.status === 'allowed') return { record, decision: 'allow', explicit: true, reason: answeredReason('Approved', record) };
  if (record.status === 'denied') return { record, decision: 'deny', explicit: false, reason: answeredReason('Denied', record) };
  return { record, decision: 'ask', explicit: false, reason: record.reason };
}

const DECISION_OF: Record<ApprovalRecord['status'], Decision> = { pending: 'ask', allowed: 'allow', denied: 'deny', expired: 'ask', cancelled: 'ask' };

/** The stored event of an approval's opening or closing: priority 1, correlated to the held event, the record as payload. */
export function approvalEvent(record: ApprovalRecord): NewEvent {
  const opening = record.status === 'pending';
  const hookType = opening ? 'ApprovalRequested' : 'ApprovalResolved';
  return {
    event_id: `${record.approval_id}-${opening ? 'requested' : 'resolved'}`,
    hook_type: hookType,
    agent_id: record.agent_id,
    session_id: record.session_id,
    correlation_id: record.event_id,
    priority: defaultPriority(hookType),
    timestamp: opening ? record.created_at : (record.answered_at ?? new Date().toISOString()),
    payload: { ...record },
    metadata: { approval_id: record.approval_id, dialect: record.dialect },
    decision: DECISION_OF[record.status],
    risk: record.risk,
    reason: opening ? record.reason : outcomeOf(record).reason,
    rule: null,
    processing_time_ms: 0,
    source: APPROVAL_SOURCE,
  };
}

/** The record an approval event carries, when it is one the service stored itself. */
export function recordOfEvent(event: StoredEvent): ApprovalRecord | null {
  if (event.source !== APPROVAL_SOURCE) return null;
  if (event.hook_type !== 'ApprovalRequested' && event.hook_type !== 'ApprovalResolved') return null;
  const r = event.payload as Partial<ApprovalRecord>;
  return typeof r.approval_id === 'string' && typeof r.status === 'string' ? (r as ApprovalRecord) : null;
}
