// Runs the operator's custom validators on one command, each within its time limit; any failure is a finding.
import type { RiskLevel, SecurityFinding } from './types.js';
import { RISK_LEVELS } from './types.js';
import type { SecurityMetrics } from './metrics.js';
import { finding } from './model.js';
import { requestBudgetFinding } from './payload.js';

export type CustomValidatorResult = { dangerous: boolean; risk?: RiskLevel; reason?: string };
export type CustomValidator = (command: string) => Promise<CustomValidatorResult> | CustomValidatorResult;

export interface CustomRun {
  validators: readonly CustomValidator[];
  timeoutMs: number;
  metrics: SecurityMetrics;
  /** performance.now() time after which no validator is started or waited for (a request's deadline). */
  deadline?: number;
  hookType?: string;
}

/** Findings of the custom validators (never cached: they may depend on more than the text). */
export async function runCustomValidators(command: string, run: CustomRun): Promise<SecurityFinding[]> {
  const out: SecurityFinding[] = [];
  for (const fn of run.validators) {
    const left = run.deadline === undefined ? Infinity : run.deadline - performance.now();
    if (left <= 0) {
      out.push(requestBudgetFinding(run.hookType));
      break;
    }
    const limit = Math.min(run.timeoutMs, left);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), limit);
      });
      const res = await Promise.race([Promise.resolve().then(() => fn(command)), timeout]);
      if (res === 'timeout' && limit < run.timeoutMs) {
        out.push(requestBudgetFinding(run.hookType));
      } else if (res === 'timeout') {
        run.metrics.customValidatorFailure('timeout');
        out.push(finding('custom.validator-timeout', 'HIGH', `A custom security check did not answer within ${run.timeoutMs} ms, so the command needs a human to look at it.`));
      } else if (res !== null && typeof res === 'object' && res.dangerous) {
        // Plain JavaScript callers can return anything: an unknown risk must not read as SAFE.
        const risk = (RISK_LEVELS as readonly unknown[]).includes(res.risk) ? (res.risk as RiskLevel) : 'HIGH';
        const reason = typeof res.reason === 'string' && res.reason !== '' ? res.reason : 'A custom security check flagged the command as dangerous.';
        out.push(finding('custom.validator', risk, reason, command));
      }
    } catch {
      run.metrics.customValidatorFailure('error');
      out.push(finding('custom.validator-error', 'HIGH', 'A custom security check failed, so the command needs a human to look at it.'));
    } finally {
      clearTimeout(timer);
    }
  }
  return out;
}
