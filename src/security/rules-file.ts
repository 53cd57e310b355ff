// Loads the operator's rules file (HOOK_SECURITY_RULES_FILE, JSON or YAML) and validates it with clear messages.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { RISK_LEVELS } from './types.js';
import type { RiskLevel } from './types.js';

export interface DangerousRuleInput {
  pattern: string | RegExp;
  riskLevel: RiskLevel;
  description: string;
  blockExecution?: boolean;
  /** Optional stable id (letters, digits, dashes), reported as `custom.<id>`. */
  id?: string;
}

export interface RulesFile {
  allow: (string | RegExp)[];
  rules: DangerousRuleInput[];
  auditMode?: boolean;
}

const TOP_KEYS = new Set(['allow', 'rules', 'deny', 'auditMode', 'audit_mode']);
const RULE_KEYS = new Set(['pattern', 'risk', 'riskLevel', 'description', 'block', 'blockExecution', 'id']);

/** `"/re/flags"` is a regular expression; any other string is literal. */
export function patternOf(value: string | RegExp): string | RegExp {
  if (value instanceof RegExp) return value;
  const m = /^\/(.+)\/([gimsuy]*)$/s.exec(value);
  if (m === null) return value;
  return new RegExp(m[1], m[2].replace('g', '').replace('y', ''));
}

export async function loadRulesFile(file: string): Promise<RulesFile> {
  const fail = (problem: string): Error => new Error(`Security rules file ${file}: ${problem}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw fail(`is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return { allow: [], rules: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw fail('must be an object with "allow" and/or "rules"');
  const obj = data as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!TOP_KEYS.has(k)) throw fail(`unknown key "${k}" (expected allow, rules, auditMode)`);
  const out: RulesFile = { allow: [], rules: [] };
  const audit = obj.auditMode ?? obj.audit_mode;
  if (audit !== undefined) {
    if (typeof audit !== 'boolean') throw fail('auditMode must be true or false');
    out.auditMode = audit;
  }
  const allow = obj.allow ?? [];
  if (!Array.isArray(allow)) throw fail('allow must be a list of strings');
  allow.forEach((a, i) => {
    if (typeof a !== 'string' || a.trim() === '') throw fail(`allow[${i}] must be a non-empty string`);
    out.allow.push(compile(a, `allow[${i}]`, fail));
  });
  const rulesKey = obj.rules !== undefined ? 'rules' : 'deny';
  const rules = obj[rulesKey] ?? [];
  if (!Array.isArray(rules)) throw fail(`${rulesKey} must be a list of rules`);
  rules.forEach((r, i) => {
    const where = `${rulesKey}[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw fail(`${where} must be an object with pattern, risk and description`);
    const rule = r as Record<string, unknown>;
    for (const k of Object.keys(rule)) if (!RULE_KEYS.has(k)) throw fail(`${where} has unknown key "${k}"`);
    if (typeof rule.pattern !== 'string' || rule.pattern === '') throw fail(`${where}.pattern must be a non-empty string`);
    const risk = rule.risk ?? rule.riskLevel;
    if (typeof risk !== 'string' || !(RISK_LEVELS as readonly string[]).includes(risk)) throw fail(`${where}.risk must be one of ${RISK_LEVELS.join(', ')}`);
    if (typeof rule.description !== 'string' || rule.description.trim() === '') throw fail(`${where}.description must be a sentence saying what is blocked and why`);
    const block = rule.block ?? rule.blockExecution;
    if (block !== undefined && typeof block !== 'boolean') throw fail(`${where}.block must be true or false`);
    if (rule.id !== undefined && (typeof rule.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(rule.id))) throw fail(`${where}.id must be lower-case letters, digits and dashes`);
    out.rules.push({
      pattern: compile(rule.pattern, `${where}.pattern`, fail),
      riskLevel: risk as RiskLevel,
      description: rule.description,
      blockExecution: block,
      id: rule.id,
    });
  });
  return out;
}

function compile(value: string, where: string, fail: (p: string) => Error): string | RegExp {
  try {
    return patternOf(value);
  } catch (err) {
    throw fail(`${where} is not a valid regular expression: ${(err as Error).message}`);
  }
}
