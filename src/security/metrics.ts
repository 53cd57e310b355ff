// Prometheus metrics of the validator, registered on the registry the caller passes (never the global one).
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Decision, RiskLevel } from './types.js';

export interface SecurityMetrics {
  /** `cached`: the verdict came from the cache (counted, but its time is not a validation's). */
  validated(risk: RiskLevel, decision: Decision, seconds: number, cached?: boolean): void;
  cacheHit(): void;
  parseFailures(n: number): void;
  customValidatorFailure(reason: 'error' | 'timeout'): void;
}

const NOOP: SecurityMetrics = { validated() {}, cacheHit() {}, parseFailures() {}, customValidatorFailure() {} };

export function createSecurityMetrics(registry: Registry | undefined): SecurityMetrics {
  if (registry === undefined) return NOOP;
  const registers = [registry];
  // A cached verdict costs about a microsecond, and prom-client's inc() hashes its labels each time: the counts
  // of the hot path are kept as plain numbers and handed to prom-client when /metrics is read.
  const byOutcome = new Map<string, { labels: { risk: RiskLevel; decision: Decision }; n: number }>();
  let hitCount = 0;
  new Counter({
    name: 'hooks_security_validations_total',
    help: 'Commands and payloads validated, by risk and decision.',
    labelNames: ['risk', 'decision'] as const,
    registers,
    collect() {
      this.reset();
      for (const { labels, n } of byOutcome.values()) this.inc(labels, n);
    },
  });
  new Counter({
    name: 'hooks_security_cache_hits_total',
    help: 'Validations answered from the verdict cache.',
    registers,
    collect() {
      this.reset();
      this.inc(hitCount);
    },
  });
  const parse = new Counter({ name: 'hooks_security_parse_failures_total', help: 'Shell parses that failed (syntax error or time budget), answered ask.', registers });
  const custom = new Counter({ name: 'hooks_security_custom_validator_failures_total', help: 'Custom validators that threw or timed out, answered ask.', labelNames: ['reason'] as const, registers });
  const duration = new Histogram({
    name: 'hooks_security_validation_seconds',
    help: 'Time to validate one command or payload that was analysed (not answered from the cache), in seconds.',
    buckets: [1e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 1e-2, 5e-2],
    registers,
  });
  return {
    validated(risk, decision, seconds, cached) {
      const key = `${risk}|${decision}`;
      const entry = byOutcome.get(key);
      if (entry === undefined) byOutcome.set(key, { labels: { risk, decision }, n: 1 });
      else entry.n++;
      if (!cached) duration.observe(seconds);
    },
    cacheHit: () => void hitCount++,
    parseFailures: (n) => parse.inc(n),
    customValidatorFailure: (reason) => custom.inc({ reason }),
  };
}
