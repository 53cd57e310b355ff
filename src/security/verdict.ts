// Turns findings into one verdict: highest risk wins, mapped to a decision as CONTRACT §4 says.
import type { Decision, RiskLevel, SecurityFinding, SecurityVerdict } from './types.js';
import { RISK_ORDER } from './model.js';

export interface DecisionPolicy {
  blocking: boolean;
  audit: boolean;
}

export function decide(risk: RiskLevel, policy: DecisionPolicy): Decision {
  if (policy.audit) return 'allow';
  if (risk === 'CRITICAL') return policy.blocking ? 'deny' : 'ask';
  if (risk === 'HIGH' || risk === 'MEDIUM') return 'ask';
  return 'allow';
}

export function buildVerdict(findings: SecurityFinding[], policy: DecisionPolicy, command?: string): SecurityVerdict {
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
  if (policy.audit) verdict.audit = true;
  return verdict;
}
