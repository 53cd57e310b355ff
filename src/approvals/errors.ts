// The approval desk's domain errors; the error plugin maps them to HTTP (409 closed, 404 unknown).
import type { ApprovalRecord } from './types.js';

/** The approval was answered, expired or cancelled already: the first answer stands. */
export class ApprovalClosedError extends Error {
  constructor(readonly record: ApprovalRecord) {
    const by = record.answered_by ? ` by ${record.answered_by}` : '';
    const when = record.answered_at ? ` at ${record.answered_at}` : '';
    super(`Approval ${record.approval_id} is closed already: ${record.status}${by}${when}`);
    this.name = 'ApprovalClosedError';
  }
}

/** No approval of that id is pending or remembered (or approvals are off). */
export class ApprovalNotFoundError extends Error {
  constructor(readonly approvalId: string) {
    super(`No approval ${JSON.stringify(approvalId)} is known here`);
    this.name = 'ApprovalNotFoundError';
  }
}
