// Public types of the command validator: what every validator returns and how the pipeline calls it.
export const RISK_LEVELS = ['SAFE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DECISIONS = ['allow', 'ask', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

/** One rule that fired on one simple command. */
export interface SecurityFinding {
  /** Stable rule id, e.g. `fs.rm-root`, `privilege.sudo`, `parse.dynamic-command`. */
  rule: string;
  risk: RiskLevel;
  /** One plain sentence: what would be done and why it is risky. */
  reason: string;
  /** The simple command (as the shell would run it, dequoted) that triggered the rule. */
  command?: string;
}

export interface SecurityVerdict {
  risk: RiskLevel;
  decision: Decision;
  /** The top finding's rule id; absent when nothing fired. */
  rule?: string;
  /** The top finding's sentence; absent when nothing fired. */
  reason?: string;
  /** Every finding's sentence, most severe first. */
  reasons: string[];
  findings: SecurityFinding[];
  /** The command the verdict is about (absent when the payload held none). */
  command?: string;
  /** Set in audit mode: the decision was forced to `allow`, risk and reasons are what would have applied. */
  audit?: boolean;
}

export interface SecurityValidator {
  /** Decide on one raw shell command. Never throws: what it cannot understand is at least `ask`. */
  validateCommand(command: string): Promise<SecurityVerdict>;
  /**
   * Decide on a hook payload: finds the shell command in `payload.command`,
   * `payload.tool_input.command` or `payload.parameters.command`, and file paths of
   * file tools (`tool_name` Write/Edit/MultiEdit/Read with `tool_input.file_path`).
   * A payload with nothing to judge is SAFE/allow.
   */
  validatePayload(payload: Record<string, unknown>, hookType: string): Promise<SecurityVerdict>;
  close(): void;
}
