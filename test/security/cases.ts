// The shape of a labelled corpus case and the helpers every corpus file writes its cases with.
import type { Decision, RiskLevel } from '../../src/security/types.js';

export interface Case {
  cmd: string;
  decision: Decision;
  /** Minimum risk expected (defaults: deny → CRITICAL, ask → MEDIUM, allow → SAFE). */
  risk?: RiskLevel;
  /** Rule id expected among the findings. */
  rule?: string;
  cat: string;
}

/** Must be denied: CRITICAL, and `rule` among the findings when given. */
export const D = (cat: string, rule: string | undefined, ...cmds: string[]): Case[] => cmds.map((cmd) => ({ cmd, decision: 'deny', risk: 'CRITICAL', rule, cat }));
/** Must be asked about, at `risk` at least. */
export const A = (cat: string, rule: string | undefined, risk: RiskLevel, ...cmds: string[]): Case[] => cmds.map((cmd) => ({ cmd, decision: 'ask', risk, rule, cat }));
/** Ordinary work: must be allowed. */
export const OK = (cat: string, ...cmds: string[]): Case[] => cmds.map((cmd) => ({ cmd, decision: 'allow', cat }));
