// Public types of the command validator: what every validator returns and how the pipeline calls it.
export const RISK_LEVELS = ['SAFE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DECISIONS = ['allow', 'ask', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Why a verdict is a fail-closed answer rather than a judgement of the command:
 * - `validator_error`: the validator (or a custom check) threw;
 * - `validator_timeout`: a parse, the analysis or a custom check ran over its time budget;
 * - `too_complex`: the command is over a size, nesting or node bound;
 * - `request_budget`: the request's deadline passed before the command was analysed.
 */
export type FailCause = 'validator_error' | 'validator_timeout' | 'too_complex' | 'request_budget';

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
  /**
   * Set when the command could not be judged (see FailCause): the decision is at least the
   * validator's `failDecision` (`ask` by default), except in audit mode. A syntax error is a
   * judgement (the command is not valid shell), not a fail-closed answer.
   */
  failClosed?: FailCause;
}

/** Options of one validatePayload call. */
export interface PayloadOptions {
  /**
   * A performance.now() time by which the verdict is needed. A command not yet analysed when it
   * has passed is not analysed (fail closed, `request_budget`); each command gets at most the
   * time left until it.
   */
  deadline?: number;
}

export interface SecurityValidator {
  /** Decide on one raw shell command. Never throws or rejects: what it cannot understand is at least `ask`. */
  validateCommand(command: string): Promise<SecurityVerdict>;
  /**
   * Decide on a hook payload: judges every shell command it carries (`payload.command`,
   * `payload.tool_input.command`, `payload.parameters.command`; a string, or an argv array of
   * strings) and the file path of a file tool (`tool_name` Write/Edit/MultiEdit/NotebookEdit/Read
   * with `tool_input.file_path`). The worst of them decides; `command` is the one behind the worst
   * finding. A payload with nothing to judge is SAFE/allow. Never throws or rejects.
   */
  validatePayload(payload: Record<string, unknown>, hookType: string, opts?: PayloadOptions): Promise<SecurityVerdict>;
  close(): void;
}
