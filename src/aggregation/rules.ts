// Custom aggregation rules: registering them, running each closed window through them within a time budget, loading a rules module.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AggregationRule, RuleWindow } from './types.js';

/** What the aggregator reports rule runs to (both optional). */
export interface RuleReporting {
  log?: { warn(obj: object, msg: string): void };
  metrics?: { ruleApplied?(name: string): void; ruleFailed?(name: string, cause: 'error' | 'timeout'): void };
}

/** What the rules added to one window's summary. */
export interface RulesOutput {
  rules?: Record<string, Record<string, unknown>>;
  derived?: Record<string, unknown>[];
}

interface Ran {
  name: string;
  fields?: Record<string, unknown>;
  derived?: Record<string, unknown>[];
}

type Failure = { name: string; cause: 'error' | 'timeout'; message: string };
type Settled = Ran | Failure;

const TIMED_OUT = Symbol('timed out');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A rule's answer, checked and copied through JSON: what it returns is stored and streamed, so it must be JSON,
 * and a copy cannot be changed afterwards by a rule that kept a reference to it.
 */
function checked(name: string, value: unknown, maxDerived: number): Settled {
  if (value === undefined || value === null) return { name };
  if (!isRecord(value)) return { name, cause: 'error', message: 'a rule returns {fields?, derived?} or nothing' };
  const { fields, derived } = value;
  if (fields !== undefined && !isRecord(fields)) return { name, cause: 'error', message: '`fields` is not an object' };
  if (derived !== undefined && !(Array.isArray(derived) && derived.every(isRecord))) {
    return { name, cause: 'error', message: '`derived` is not an array of objects' };
  }
  try {
    const copy = JSON.parse(JSON.stringify({ fields, derived: derived?.slice(0, maxDerived) })) as Omit<Ran, 'name'>;
    return { name, ...copy };
  } catch (err) {
    return { name, cause: 'error', message: `not JSON: ${messageOf(err)}` };
  }
}

/** Waits for an async rule, at most `ms`; the timer is unref'd so a hanging rule never holds the process open. */
function within<T>(promise: PromiseLike<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((done) => {
    timer = setTimeout(() => done(TIMED_OUT), Math.max(0, ms));
    timer.unref();
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

export class RuleSet {
  private readonly rules = new Map<string, AggregationRule>();

  get size(): number {
    return this.rules.size;
  }

  /** A second rule under a taken name is an error (two modules would silently undo each other); remove it first. */
  add(name: string, rule: AggregationRule): void {
    if (typeof name !== 'string' || name === '') throw new TypeError('an aggregation rule needs a non-empty name');
    if (typeof rule !== 'function') throw new TypeError(`aggregation rule "${name}" is not a function`);
    if (this.rules.has(name)) throw new Error(`an aggregation rule named "${name}" is already registered`);
    this.rules.set(name, rule);
  }

  remove(name: string): boolean {
    return this.rules.delete(name);
  }

  /**
   * Runs every rule on the window. Synchronous rules are timed after the fact (they cannot be interrupted); an
   * async rule is raced against what is left of its budget. A rule that throws, rejects, answers nonsense or runs
   * over is skipped for this window: logged, counted, its output discarded. Answers synchronously when every rule
   * did, so a window without async rules is delivered without a turn of the event loop.
   */
  run(window: RuleWindow, key: string, budgetMs: number, now: () => number, report: RuleReporting, maxDerived: number): RulesOutput | Promise<RulesOutput> {
    const settled: (Settled | Promise<Settled>)[] = [];
    for (const [name, rule] of this.rules) {
      const t0 = now();
      let answer: unknown;
      try {
        answer = rule(window);
      } catch (err) {
        settled.push({ name, cause: 'error', message: messageOf(err) });
        continue;
      }
      const spent = now() - t0;
      if (spent > budgetMs) {
        // An async rule that already spent its budget before answering: its promise is left to itself.
        if (isThenable(answer)) Promise.resolve(answer).catch(() => undefined);
        settled.push({ name, cause: 'timeout', message: `ran ${spent} ms (budget ${budgetMs} ms)` });
      } else if (isThenable(answer)) {
        settled.push(
          within(answer, budgetMs - spent).then(
            (v) => (v === TIMED_OUT ? { name, cause: 'timeout' as const, message: `no answer within ${budgetMs} ms` } : checked(name, v, maxDerived)),
            (err: unknown) => ({ name, cause: 'error' as const, message: messageOf(err) }),
          ),
        );
      } else {
        settled.push(checked(name, answer, maxDerived));
      }
    }
    if (settled.some((s) => s instanceof Promise)) {
      return Promise.all(settled.map((s) => Promise.resolve(s))).then((all) => collect(all, key, report, maxDerived));
    }
    return collect(settled as Settled[], key, report, maxDerived);
  }
}

function collect(all: Settled[], key: string, report: RuleReporting, maxDerived: number): RulesOutput {
  const out: RulesOutput = {};
  for (const s of all) {
    if ('cause' in s) {
      report.metrics?.ruleFailed?.(s.name, s.cause);
      report.log?.warn({ rule: s.name, window: key, cause: s.cause, err: s.message }, 'aggregation rule skipped for this window');
      continue;
    }
    report.metrics?.ruleApplied?.(s.name);
    if (s.fields !== undefined && Object.keys(s.fields).length > 0) {
      out.rules ??= {};
      // defineProperty: a rule named `__proto__` is a name like any other.
      Object.defineProperty(out.rules, s.name, { value: s.fields, enumerable: true, writable: true, configurable: true });
    }
    if (s.derived !== undefined && s.derived.length > 0) {
      const room = maxDerived - (out.derived?.length ?? 0);
      if (room > 0) (out.derived ??= []).push(...s.derived.slice(0, room));
    }
  }
  return out;
}

/** What a rules module registers its rules with. */
export interface RuleTarget {
  addAggregationRule(name: string, rule: AggregationRule): void;
}

const ENV = 'HOOK_AGGREGATION_RULES_MODULE';

/** A file path (absolute, `./`-relative, or an existing file under the working directory), a `file:` URL, or a package name. */
function specifierOf(spec: string, cwd: string): string {
  if (spec.startsWith('file:')) return spec;
  const looksLikePath = isAbsolute(spec) || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('.\\');
  if (looksLikePath || existsSync(resolve(cwd, spec))) return pathToFileURL(resolve(cwd, spec)).href;
  return spec;
}

/**
 * Loads the rules module named by HOOK_AGGREGATION_RULES_MODULE and registers its rules. The module exports a
 * `default` function `(aggregator) => void | Promise<void>` that registers them, or `rules: {name: rule}` (also
 * as `default.rules`, which is how a CommonJS `module.exports = {rules}` arrives). Anything else throws, naming
 * the variable, so start-up fails rather than running without the rules someone configured. Returns the names of
 * rules found in `rules` (a default function registers what it likes).
 */
export async function loadRulesModule(spec: string, target: RuleTarget, cwd: string = process.cwd()): Promise<string[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifierOf(spec, cwd))) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${ENV}=${spec}: the module could not be loaded: ${messageOf(err)}`, { cause: err });
  }
  const fallback = isRecord(mod.default) ? mod.default.rules : undefined;
  const rules = mod.rules ?? fallback;
  const register = typeof mod.default === 'function' ? (mod.default as (t: RuleTarget) => unknown) : undefined;
  if (rules === undefined && register === undefined) {
    throw new Error(`${ENV}=${spec}: the module exports neither a default function (aggregator) => void nor \`rules\` (an object of name: rule)`);
  }
  if (rules !== undefined && !isRecord(rules)) throw new Error(`${ENV}=${spec}: \`rules\` is not an object of name: rule`);
  const names: string[] = [];
  try {
    for (const [name, rule] of Object.entries(rules ?? {})) {
      if (typeof rule !== 'function') throw new Error(`rule "${name}" is not a function`);
      target.addAggregationRule(name, rule as AggregationRule);
      names.push(name);
    }
    if (register) await register(target);
  } catch (err) {
    throw new Error(`${ENV}=${spec}: registering its rules failed: ${messageOf(err)}`, { cause: err });
  }
  return names;
}
