// Prometheus metrics of the validator, registered on the registry the caller passes (never the global one).
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Decision, RiskLevel } from './types.js';

export interface SecurityMetrics {
  validated(risk: RiskLevel, decision: Decision, seconds: number): void;
  cacheHit(): void;
  parseFailures(n: number): void;
  customValidatorFailure(reason: 'error' | 'timeout'): void;
}

const NOOP: SecurityMetrics = { validated() {}, cacheHit() {}, parseFailures() {}, customValidatorFailure() {} };

export function createSecurityMetrics(registry: Registry | undefined): SecurityMetrics {
  if (registry === undefined) return NOOP;
  const registers = [registry];
  const validations = new Counter({ name: 'hooks_security_validations_total', help: 'Commands and payloads validated, by risk and decision.', labelNames: ['risk', 'decision'] as const, registers });
  const hits = new Counter({ name: 'hooks_security_cache_hits_total', help: 'Validations answered from the verdict cache.', registers });
  const parse = new Counter({ name: 'hooks_security_parse_failures_total', help: 'Shell parses that failed (syntax error or time budget), answered ask.', registers });
  const custom = new Counter({ name: 'hooks_security_custom_validator_failures_total', help: 'Custom validators that threw or timed out, answered ask.', labelNames: ['reason'] as const, registers });
  const duration = new Histogram({
    name: 'hooks_security_validation_seconds',
    help: 'Time to validate one command or payload, in seconds.',
    buckets: [1e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 1e-2, 5e-2],
    registers,
  });
  return {
    validated(risk, decision, seconds) {
      validations.inc({ risk, decision });
      duration.observe(seconds);
    },
    cacheHit: () => hits.inc(),
    parseFailures: (n) => parse.inc(n),
    customValidatorFailure: (reason) => custom.inc({ reason }),
  };
}
