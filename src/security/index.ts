// The command validator: createSecurityValidator wires parser, rule packs, cache, custom checks and metrics.
import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import type { PayloadOptions, SecurityFinding, SecurityValidator, SecurityVerdict } from './types.js';
import { DEFAULT_LIMITS } from './analysis.js';
import { analyse } from './engine.js';
import type { CustomRule, EngineConfig, EngineResult } from './engine.js';
import { runCustomValidators } from './custom-validators.js';
import type { CustomValidator } from './custom-validators.js';
import { createSecurityMetrics } from './metrics.js';
import { finding, renderCommand } from './model.js';
import { loadRulesFile, patternOf } from './rules-file.js';
import type { DangerousRuleInput } from './rules-file.js';
import { COMMAND_PATHS, combineParts, judgeParts, requestBudgetFinding } from './payload.js';
import { getShellParser } from './shell-parser.js';
import { selectPacks } from './rules/index.js';
import { buildVerdict, failCauseOf } from './verdict.js';
import type { DecisionPolicy } from './verdict.js';

export type { RiskLevel, Decision, FailCause, PayloadOptions, SecurityFinding, SecurityValidator, SecurityVerdict } from './types.js';

export type { DangerousRuleInput } from './rules-file.js';
export type { CustomValidator, CustomValidatorResult } from './custom-validators.js';
export { COMMAND_PATHS, commandFields, commandText } from './payload.js';
export type { CommandField } from './payload.js';

export interface SecurityOptions {
  /** HOOK_SECURITY_VALIDATION_ENABLED; false answers everything SAFE/allow (rule `disabled`). */
  enabled: boolean;
  /** HOOK_DANGEROUS_COMMAND_BLOCKING; CRITICAL is `deny` when true, else `ask`. */
  blocking: boolean;
  /** HOOK_SECURITY_AUDIT_MODE: decide and report, never block (decision `allow`, `audit: true`). */
  auditMode?: boolean;
  /** HOOK_SECURITY_RULES_FILE: JSON or YAML; a bad file rejects createSecurityValidator. */
  rulesFile?: string;
  /**
   * HOOK_SECURITY_PACKS: the rule packs that run (`filesystem,disks`, or `all,-git`); default every pack. The checks
   * of the command's structure (parse errors, fork bombs, inline code, input guards) always run. An unknown name
   * rejects createSecurityValidator.
   */
  packs?: readonly string[];
  /** HOOK_SECURITY_CACHE_SIZE, default 10000; 0 disables the cache. */
  cacheSize?: number;
  /** Default 300000 (5 minutes). */
  cacheTtlMs?: number;
  /** Default 16384: a longer command is answered `ask` at once. */
  maxCommandBytes?: number;
  /**
   * Time budget of the whole analysis of one command (every parse, the walk, the unwrapping and
   * the rules), default 50 ms. Over it the verdict fails closed (`validator_timeout`).
   */
  commandBudgetMs?: number;
  /** @deprecated Use commandBudgetMs (this name is read when commandBudgetMs is not given). */
  parseBudgetMs?: number;
  /** Time a custom validator gets before it counts as failed (`ask`), default 50 ms. */
  customValidatorTimeoutMs?: number;
  /**
   * The least decision of a fail-closed verdict (`verdict.failClosed` set: the validator failed,
   * ran out of time, or the command is too complex to check). Default `ask`; audit mode still allows.
   */
  failDecision?: 'ask' | 'deny';
  /** Payload fields (dotted paths) holding a shell command besides COMMAND_PATHS, for other agents' hooks. */
  extraCommandPaths?: readonly string[];
  /** When given, metrics are registered on it (never on the global registry). */
  registry?: Registry;
}

export interface ExplainResult {
  /** Every simple command the shell would run, as argv after dequoting and unwrapping. */
  commands: string[][];
  /** For each command, the wrappers it was found inside (e.g. ['sudo', 'bash -c']). */
  via: string[][];
  findings: SecurityFinding[];
  verdict: SecurityVerdict;
}

export interface ConfigurableValidator extends SecurityValidator {
  addDangerousCommand(rule: DangerousRuleInput): void;
  addCustomValidator(fn: CustomValidator): void;
  allow(pattern: string | RegExp): void;
  validateCommandSync(command: string): SecurityVerdict;
  explain(command: string): ExplainResult;
}

// A little of everything the walker, the unwrapper and the rules do, repeated so it is worth compiling.
const WARM_UP = Array.from(
  { length: 6 },
  (_, i) =>
    `cd /tmp/w${i} && echo "$(ls -la | grep x${i})" | xargs -I{} rm -rf ./{}; sudo env A=1 bash -c 'git push origin b${i}' > /dev/null 2>&1; ` +
    `python3 -c "import os; os.system('ls ${i}')"; for f in *.ts; do sed -i "s/a/b/" "$f"; done; cat <<EOF | sh\necho ${i}\nEOF`,
).join('\n');

const EMPTY: SecurityVerdict = { risk: 'SAFE', decision: 'allow', reasons: [], findings: [] };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function createSecurityValidator(opts: SecurityOptions): Promise<ConfigurableValidator> {
  const file = opts.rulesFile ? await loadRulesFile(opts.rulesFile) : undefined;
  const policy: DecisionPolicy = { blocking: opts.blocking, audit: opts.auditMode ?? file?.auditMode ?? false, failDecision: opts.failDecision ?? 'ask' };
  const parser = opts.enabled ? await getShellParser() : undefined;
  const metrics = createSecurityMetrics(opts.registry);
  const cacheSize = opts.cacheSize ?? 10000;
  const cache = cacheSize > 0 ? new LRUCache<string, SecurityFinding[]>({ max: cacheSize, ttl: opts.cacheTtlMs ?? 300000 }) : undefined;
  const cfg: EngineConfig = {
    maxCommandBytes: opts.maxCommandBytes ?? 16384,
    limits: { ...DEFAULT_LIMITS, budgetMs: opts.commandBudgetMs ?? opts.parseBudgetMs ?? DEFAULT_LIMITS.budgetMs },
    customRules: [],
    allow: [],
    packs: selectPacks(opts.packs),
  };
  const customValidators: CustomValidator[] = [];
  const timeoutMs = opts.customValidatorTimeoutMs ?? 50;
  const commandPaths = [...COMMAND_PATHS, ...(opts.extraCommandPaths ?? [])];

  function addDangerousCommand(rule: DangerousRuleInput): void {
    const p = patternOf(rule.pattern);
    // A string names a command prefix: 'npm publish' matches 'npm publish --tag next'.
    const pattern = typeof p === 'string' ? new RegExp(`^${escapeRe(p.trim())}(\\s|$)`) : p;
    let risk = rule.riskLevel;
    if (rule.blockExecution === true) risk = 'CRITICAL';
    else if (rule.blockExecution === false && risk === 'CRITICAL') risk = 'HIGH';
    const r: CustomRule = { pattern, riskLevel: risk, description: rule.description, id: `custom.${rule.id ?? `rule-${cfg.customRules.length + 1}`}` };
    cfg.customRules.push(r);
    cache?.clear();
  }

  function allow(pattern: string | RegExp): void {
    const p = patternOf(pattern);
    cfg.allow.push(typeof p === 'string' ? new RegExp(`^${escapeRe(p.trim())}$`) : p);
    cache?.clear();
  }

  // The first analyses compile tree-sitter's wasm paths and the walker's hot code: pay for it here,
  // not on an agent's first hooks (a cold 3 KB script took 50-120 ms, over the 50 ms budget), and
  // outside the cache and metrics (no hook was validated). A failure shows up on first use instead.
  try {
    for (let i = 0; parser && i < 2; i++) analyse(WARM_UP, parser, { ...cfg, limits: { ...cfg.limits, budgetMs: 1000 } });
  } catch {
    // nothing to do
  }

  for (const r of file?.rules ?? []) addDangerousCommand(r);
  for (const a of file?.allow ?? []) allow(a);

  let cacheHits = 0;

  /** Rule-pack findings of one command within `budgetMs` (and a request's wall deadline), from the cache when possible. */
  function findingsOf(command: string, budgetMs = cfg.limits.budgetMs, wallDeadline?: number): SecurityFinding[] {
    const key = command.trim();
    const hit = cache?.get(key);
    if (hit !== undefined) {
      metrics.cacheHit();
      cacheHits++;
      return hit;
    }
    const result = analyseSafely(command, budgetMs, wallDeadline);
    if (result.parseFailures > 0) metrics.parseFailures(result.parseFailures);
    // A time-out or a crash says nothing lasting about the command: the next try may judge it.
    const transient = result.findings.some((f) => {
      const cause = failCauseOf(f.rule);
      return cause === 'validator_timeout' || cause === 'validator_error';
    });
    if (!transient) cache?.set(key, result.findings);
    return result.findings;
  }

  /** The analysis of one command; a bug or a resource failure inside it is a fail-closed finding, never a throw. */
  function analyseSafely(command: string, budgetMs = cfg.limits.budgetMs, wallDeadline?: number): EngineResult {
    try {
      return analyse(command, parser, cfg, budgetMs, wallDeadline);
    } catch {
      return { commands: [], findings: [validatorError()], parseFailures: 0 };
    }
  }

  function disabledVerdict(command?: string): SecurityVerdict {
    const v: SecurityVerdict = { ...EMPTY, reasons: [], findings: [], rule: 'disabled', reason: 'Security validation is disabled.' };
    if (command !== undefined) v.command = command;
    return v;
  }

  function finish(v: SecurityVerdict, started: number, cached = false): SecurityVerdict {
    metrics.validated(v.risk, v.decision, (performance.now() - started) / 1000, cached);
    return v;
  }

  /** The verdict when the validator itself failed: fail closed, and still counted. */
  function errorVerdict(started: number, command?: string): SecurityVerdict {
    try {
      return finish(buildVerdict([validatorError()], policy, typeof command === 'string' ? command : undefined), started);
    } catch {
      return { risk: 'HIGH', decision: policy.audit ? 'allow' : (policy.failDecision ?? 'ask'), reasons: [VALIDATOR_ERROR], findings: [], failClosed: 'validator_error' };
    }
  }

  function validateCommandSync(command: string): SecurityVerdict {
    const started = performance.now();
    try {
      if (!opts.enabled) return disabledVerdict(command);
      const hits = cacheHits;
      const findings = findingsOf(command);
      return finish(buildVerdict(findings, policy, command), started, cacheHits !== hits);
    } catch {
      return errorVerdict(started, command);
    }
  }

  async function validateCommand(command: string): Promise<SecurityVerdict> {
    const started = performance.now();
    try {
      if (!opts.enabled) return disabledVerdict(command);
      return finish(buildVerdict(await judgeCommand(command), policy, command), started);
    } catch {
      return errorVerdict(started, command);
    }
  }

  /**
   * Findings of one command: rule packs (cached) and custom validators. Past the request's
   * deadline it is not analysed at all; before it, it gets at most the time left.
   */
  async function judgeCommand(command: string, deadline?: number, hookType?: string): Promise<SecurityFinding[]> {
    const found = judgeRules(command, deadline, hookType);
    if (customValidators.length === 0) return found;
    return found.concat(await runCustomValidators(command, { validators: customValidators, timeoutMs, metrics, deadline, hookType }));
  }

  /** The rule packs' findings of one command; past the request's deadline it is not analysed at all. */
  function judgeRules(command: string, deadline?: number, hookType?: string): SecurityFinding[] {
    if (deadline !== undefined && !(deadline - performance.now() > 0)) return [requestBudgetFinding(hookType)];
    return findingsOf(command, cfg.limits.budgetMs, deadline);
  }

  async function validatePayload(payload: Record<string, unknown>, hookType: string, popts?: PayloadOptions): Promise<SecurityVerdict> {
    const started = performance.now();
    try {
      if (!opts.enabled) return disabledVerdict();
      if (payload === null || typeof payload !== 'object') return { ...EMPTY, reasons: [], findings: [] };
      const deadline = popts?.deadline;
      const parts = judgeParts(payload, commandPaths, (c) => judgeRules(c, deadline, hookType), cfg.maxCommandBytes);
      // Custom validators may be asynchronous: only then is there anything to wait for.
      // Once the deadline stopped one part's checks, the parts after it are past it too (a timer may fire a
      // hair before the clock says so): they are not handed to the validators at all.
      let outOfTime = false;
      for (const part of customValidators.length ? parts : []) {
        if (!part.shell || part.command === undefined) continue;
        const run = { validators: customValidators, timeoutMs, metrics, deadline, hookType };
        const found: SecurityFinding[] = outOfTime ? [requestBudgetFinding(hookType)] : await runCustomValidators(part.command, run);
        outOfTime ||= found.some((f) => f.rule === 'request.deadline');
        part.findings = part.findings.concat(found);
      }
      const judged = combineParts(parts);
      if (judged === undefined) return finish({ ...EMPTY, reasons: [], findings: [] }, started);
      return finish(buildVerdict(judged.findings, policy, judged.command), started);
    } catch {
      return errorVerdict(started);
    }
  }

  function explain(command: string): ExplainResult {
    try {
      const result = analyseSafely(command);
      const verdict = opts.enabled ? buildVerdict(result.findings, policy, command) : disabledVerdict(command);
      return {
        commands: result.commands.map((c) => c.argv.map((w) => renderCommand([w]))),
        via: result.commands.map((c) => c.via),
        findings: verdict.findings,
        verdict,
      };
    } catch {
      const verdict = buildVerdict([validatorError()], policy, command);
      return { commands: [], via: [], findings: verdict.findings, verdict };
    }
  }

  return {
    validateCommand,
    validateCommandSync,
    validatePayload,
    explain,
    addDangerousCommand,
    addCustomValidator: (fn) => {
      customValidators.push(fn);
    },
    allow,
    close: () => cache?.clear(),
  };
}

const VALIDATOR_ERROR = 'The security check failed on this command, so it needs a human to look at it.';

function validatorError(): SecurityFinding {
  return finding('validator.error', 'HIGH', VALIDATOR_ERROR);
}
