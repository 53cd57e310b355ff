// Fail-closed answers (CONTRACT §3a): when an event cannot be fully judged, the decision is HOOK_FAIL_DECISION or worse.
import type { Decision, FailCause as ValidatorFailCause, RiskLevel, SecurityVerdict } from '../security/types.js';

/** Why an event could not be fully judged: the label of `hooks_fail_closed_total{cause}` (the validator's own, and the edge's). */
export type FailCause =
  | ValidatorFailCause
  | 'body_too_large'
  | 'bad_body'
  | 'decision_timeout'
  | 'rate_limited'
  | 'overloaded'
  | 'store_unavailable'
  | 'shutting_down'
  | 'internal';

const WHY: Record<FailCause, string> = {
  body_too_large: 'the request was too large to check',
  bad_body: 'the request could not be read',
  validator_error: 'the security check failed',
  validator_timeout: 'the security check ran out of time',
  too_complex: 'the command was too complex to check',
  request_budget: 'the security check ran out of time for this request',
  decision_timeout: 'the decision could not be recorded in time',
  rate_limited: 'too many requests were sent',
  overloaded: 'the service is overloaded',
  store_unavailable: 'the event could not be recorded',
  shutting_down: 'the service is shutting down',
  internal: 'of an internal error',
};

const ORDER: Record<Decision, number> = { allow: 0, ask: 1, deny: 2 };


/** One plain sentence for the agent (and the model): what happened and that a person must decide. */
function failReason(cause: FailCause, decision: Decision): string {
  const outcome = decision === 'deny' ? 'so it was blocked' : 'so a person must approve it';
  return `This could not be fully checked because ${WHY[cause]}, ${outcome}.`;
}

export interface FailedDecision {
  decision: Decision;
  risk: RiskLevel;
  reason: string;
}

/**
 * The answer when judging failed for `cause`: HOOK_FAIL_DECISION, or the verdict's own decision when that is
 * stricter (a `rm -rf /` whose storage failed is still denied).
 */
export function failClosed(cause: FailCause, failDecision: Decision, verdict?: Pick<SecurityVerdict, 'decision' | 'risk' | 'reason'>): FailedDecision {
  if (verdict && ORDER[verdict.decision] > ORDER[failDecision]) {
    return { decision: verdict.decision, risk: verdict.risk, reason: verdict.reason ?? failReason(cause, verdict.decision) };
  }
  return { decision: failDecision, risk: verdict?.risk === 'CRITICAL' ? 'CRITICAL' : 'HIGH', reason: failReason(cause, failDecision) };
}
