// Runs one command through the checks: size and Unicode guards, pre-filter, parse and walk, rule packs, custom rules, allowlist.
import type { Parser } from 'web-tree-sitter';
import type { RiskLevel, SecurityFinding } from './types.js';
import { Budget } from './budget.js';
import { Analysis, timeoutFinding } from './analysis.js';
import type { AnalysisLimits } from './analysis.js';
import { finding, renderCommand } from './model.js';
import type { Redirect, SimpleCommand } from './model.js';
import { isBoring } from './prefilter.js';
import { runRules } from './rules/index.js';
import { writeTargetFinding } from './rules/filesystem.js';

export interface CustomRule {
  pattern: RegExp;
  riskLevel: RiskLevel;
  description: string;
  id: string;
}

export interface EngineConfig {
  maxCommandBytes: number;
  limits: AnalysisLimits;
  customRules: CustomRule[];
  allow: RegExp[];
  /** The rule packs that run (HOOK_SECURITY_PACKS); undefined: all of them. */
  packs?: ReadonlySet<string>;
}

export interface EngineResult {
  commands: readonly SimpleCommand[];
  findings: SecurityFinding[];
  parseFailures: number;
}

// Look-alike spaces, zero-width characters and bidi controls make text read differently from what runs.
const SPOOF = /[\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\u00ad]/;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/**
 * Judges one command within `budgetMs` of CPU time (default: the configured budget) and never past `wallDeadline`
 * (a request's): guards, pre-filter, parse, walk, rules.
 */
export function analyse(text: string, parser: Parser | undefined, cfg: EngineConfig, budgetMs = cfg.limits.budgetMs, wallDeadline = Infinity): EngineResult {
  const result: EngineResult = { commands: [], findings: [], parseFailures: 0 };
  if (Buffer.byteLength(text, 'utf8') > cfg.maxCommandBytes) {
    result.findings.push(finding('input.too-large', 'HIGH', `The command is longer than ${cfg.maxCommandBytes} bytes, too long to check, so it needs a human to look at it.`));
    return result;
  }
  if (SPOOF.test(text)) {
    result.findings.push(finding('input.unicode-spoofing', 'HIGH', 'The command contains invisible or look-alike Unicode spacing or direction controls, so it may not run what it appears to.'));
  }
  if (CONTROL.test(text)) {
    result.findings.push(finding('input.control-chars', 'HIGH', 'The command contains control characters, so it may not run what it appears to.'));
  }
  if (cfg.customRules.length === 0 && result.findings.length === 0 && isBoring(text)) return result;
  if (parser === undefined) {
    result.findings.push(finding('parse.unavailable', 'HIGH', 'The shell parser is not available, so the command could not be checked.'));
    return result;
  }
  // The clock starts here: the guards and the pre-filter above are linear and cheap.
  const budget = new Budget(budgetMs, wallDeadline);
  const an = new Analysis(parser, cfg.limits, budget);
  an.script(text, { inline: 0, depth: 0 }, []);
  result.parseFailures = an.parseFailures;
  result.commands = an.commands;
  const found = an.findings.slice();
  const cmds = an.commands;
  for (let i = 0; i < cmds.length; i++) {
    const cmd = cmds[i];
    // Out of time: what was found so far stands, and the verdict says the rest was not checked.
    if (budget.expired()) {
      found.push(timeoutFinding());
      break;
    }
    runRules(cmd, found, cfg.packs);
    checkRedirects(cmd.redirects, cmd, found);
    for (const rule of cfg.customRules) {
      if (rule.pattern.test(renderCommand(cmd.argv))) found.push(finding(rule.id, rule.riskLevel, rule.description, cmd));
    }
  }
  checkRedirects(an.looseRedirects, '{ ... }', found);
  result.findings = result.findings.concat(applyAllowlist(text, found, cfg.allow));
  return result;
}

function checkRedirects(redirects: readonly Redirect[], cmd: SimpleCommand | string, out: SecurityFinding[]): void {
  for (const r of redirects) {
    if (!r.op.includes('>') || (r.op.includes('&') && /^\d+$|^-$/.test(r.target))) continue;
    const f = writeTargetFinding(r.target, cmd, r.op.includes('>>') ? 'appending to' : 'redirecting output into');
    if (f !== null) out.push(f);
  }
}

/** Drops findings about simple commands the operator allowed; structural findings (parse errors) stay. */
function applyAllowlist(text: string, found: SecurityFinding[], allow: RegExp[]): SecurityFinding[] {
  if (allow.length === 0) return found;
  const whole = text.trim();
  const wholeAllowed = allow.some((re) => re.test(whole));
  return found.filter((f) => {
    if (f.command === undefined || f.rule.startsWith('parse.') || f.rule.startsWith('input.')) return true;
    return !wholeAllowed && !allow.some((re) => re.test(f.command as string));
  });
}
