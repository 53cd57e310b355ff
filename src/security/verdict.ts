// Turns findings into one verdict: highest risk wins, mapped to a decision as CONTRACT §4 says.
import type { Decision, FailCause, RiskLevel, SecurityFinding, SecurityVerdict } from './types.js';
import { RISK_ORDER } from './model.js';

export interface DecisionPolicy {
  blocking: boolean;
  audit: boolean;
  /** The least decision of a fail-closed verdict (default `ask`); audit mode still allows. */
  failDecision?: 'ask' | 'deny';
}

/** Findings that mean "could not judge", not "judged risky": the rule ids and why. */
const FAIL_CLOSED: Readonly<Record<string, FailCause>> = {
  'validator.error': 'validator_error',
  'parse.unavailable': 'validator_error',
  'custom.validator-error': 'validator_error',
  'parse.timeout': 'validator_timeout',
  'analysis.timeout': 'validator_timeout',
  'custom.validator-timeout': 'validator_timeout',
  'input.too-large': 'too_complex',
  'input.too-deep': 'too_complex',
  'input.too-complex': 'too_complex',
  'request.deadline': 'request_budget',
};

/** Why a finding with this rule id means "could not judge", if it does. */
export function failCauseOf(rule: string): FailCause | undefined {
  return Object.hasOwn(FAIL_CLOSED, rule) ? FAIL_CLOSED[rule] : undefined;
}

/** Why these findings are a fail-closed answer (the first such finding), if they are. */
function failCause(findings: readonly SecurityFinding[]): FailCause | undefined {
  for (const f of findings) {
    const cause = failCauseOf(f.rule);
    if (cause !== undefined) return cause;
  }
  return undefined;
}

function decide(risk: RiskLevel, policy: DecisionPolicy): Decision {
  if (policy.audit) return 'allow';
  if (risk === 'CRITICAL') return policy.blocking ? 'deny' : 'ask';
  if (risk === 'HIGH' || risk === 'MEDIUM') return 'ask';
  return 'allow';
}

export function buildVerdict(findings: SecurityFinding[], policy: DecisionPolicy, command?: string): SecurityVerdict {
  // Most commands find nothing: that verdict needs no sorting or de-duplication.
  if (findings.length === 0) {
    const safe: SecurityVerdict = { risk: 'SAFE', decision: decide('SAFE', policy), reasons: [], findings: [] };
    if (command !== undefined) safe.command = command;
    if (policy.audit) safe.audit = true;
    return safe;
  }
  const seen = new Set<string>();
  const unique: SecurityFinding[] = [];
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.command ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(f);
  }
  unique.sort((a, b) => RISK_ORDER[b.risk] - RISK_ORDER[a.risk]);
  const risk: RiskLevel = unique.length > 0 ? unique[0].risk : 'SAFE';
  const verdict: SecurityVerdict = { risk, decision: decide(risk, policy), reasons: unique.map((f) => f.reason), findings: unique };
  if (unique.length > 0) {
    verdict.rule = unique[0].rule;
    verdict.reason = unique[0].reason;
  }
  if (command !== undefined) verdict.command = command;
  const cause = failCause(unique);
  if (cause !== undefined) {
    verdict.failClosed = cause;
    if (!policy.audit) verdict.decision = atLeast(verdict.decision, policy.failDecision ?? 'ask');
  }
  if (policy.audit) verdict.audit = true;
  return verdict;
}

const DECISION_ORDER: Record<Decision, number> = { allow: 0, ask: 1, deny: 2 };

function atLeast(d: Decision, floor: Decision): Decision {
  return DECISION_ORDER[d] >= DECISION_ORDER[floor] ? d : floor;
}
