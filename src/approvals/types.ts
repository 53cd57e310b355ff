// Remote approvals: the record every dashboard sees (README, Remote approvals), and what a held request is answered with.
import type { Decision, RiskLevel } from '../security/types.js';
import type { APPROVAL_STATUSES } from '../schemas/approval.js';
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
/** How an approval ended: a person's answer, nobody in time, or the holding instance shutting down. */
export type ClosedStatus = Exclude<ApprovalStatus, 'pending'>;

export interface ApprovalRecord {
  approval_id: string;
  event_id: string;
  stream_id: string;
  dialect: string;
  hook_type: string;
  agent_id: string;
  session_id: string | null;
  cwd: string | null;
  tool_name: string | null;
  /** The command, or the file path / tool target; may be "". */
  summary: string;
  reason: string;
  risk: RiskLevel;
  created_at: string;
  expires_at: string;
  status: ApprovalStatus;
  answered_by: string | null;
  answer_reason: string | null;
  answered_at: string | null;
}

/** What closed an approval: the part of the record that the first claim fixes for every instance. */
export interface ApprovalAnswer {
  status: ClosedStatus;
  answered_by: string | null;
  answer_reason: string | null;
  answered_at: string;
}

/** A person's answer, as POSTed. */
export interface AnswerInput {
  decision: 'allow' | 'deny';
  by?: string;
  reason?: string;
}

/** What the held request's agent gets: its decision and the reason in one sentence. */
export interface HeldOutcome {
  record: ApprovalRecord;
  decision: Decision;
  /** An allow given by a person: the agent gets its explicit allow, not the silence of a safe command. */
  explicit: boolean;
  reason: string | null;
}
