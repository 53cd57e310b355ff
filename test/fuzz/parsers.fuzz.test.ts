// Property-based fuzzing of everything that parses untrusted input (fixed seed, bounded runs): nothing throws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSecurityValidator, type ConfigurableValidator } from '../../src/security/index.js';
import { parseClientMessage, parseQuerySubscription } from '../../src/stream/filters.js';
import { sanitizeJson, boundSize, approxJsonBytes } from '../../src/json/sanitize.js';
import { createRedactor } from '../../src/pipeline/redact.js';
import { decodeEvent } from '../../src/store/redis-codec.js';
import { RISK_LEVELS, DECISIONS } from '../../src/security/types.js';

const SEED = 20261130;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let validator: ConfigurableValidator;
beforeAll(async () => {
  // A budget this large lets every analysis run to the end, so the deep paths really are walked, whatever the load.
  validator = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, commandBudgetMs: 10_000 });
});
afterAll(() => validator.close());

/** Shell-looking text: words, operators, quotes, expansions and nestings in any order, sometimes very deep. */
const shellToken = fc.constantFrom(
  'rm', '-rf', '/', '~', 'sudo', 'bash', '-c', 'echo', 'curl', '|', '||', '&&', ';', '&', '>', '>>', '<', '<<EOF', 'EOF', '<<<',
  '$(', ')', '`', '${', '}', '{', ',', '"', "'", '\\', '*', '?', '[', ']', '@(', '!(', '((', '))', '[[', ']]', 'if', 'then', 'fi',
  'for', 'do', 'done', 'case', 'esac', 'function', 'f()', 'eval', 'xargs', 'find', '-exec', '{}', '\\;', 'python', '-c', "'import os'",
  '\n', '\t', ' ', '$HOME', '$1', '#', '=', 'a=b', '\u00a0', '\u202e', '\u0000',
);
const shellText = fc.oneof(
  fc.array(shellToken, { maxLength: 40 }).map((t) => t.join(' ')),
  fc.array(shellToken, { maxLength: 40 }).map((t) => t.join('')),
  fc.tuple(fc.constantFrom('$(', '{,', '@(a|', '((', '"${x:-', '`', '[[ ', '(', 'bash -c "'), fc.integer({ min: 100, max: 9000 }))
    .map(([open, n]) => `rm -rf / ; echo ${open.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

const anyJson = fc.jsonValue({ maxDepth: 6 });

describe('fuzz: parsers never throw', () => {
  it('the validator answers every command with a verdict, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(shellText, async (command) => {
        const v = await validator.validateCommand(command);
        expect(RISK_LEVELS).toContain(v.risk);
        expect(DECISIONS).toContain(v.decision);
        const p = await validator.validatePayload({ command, tool_input: { command: `ls ${command}` }, parameters: { command: [command] } }, 'PreToolUse');
        expect(DECISIONS).toContain(p.decision);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('stream filters, from a query or a message, are a value or an error, never a throw', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))), fc.string(), anyJson, (query, text, msg) => {
        expect(typeof parseQuerySubscription(query).ok).toBe('boolean');
        expect(typeof parseClientMessage(text).ok).toBe('boolean');
        expect(typeof parseClientMessage(JSON.stringify({ type: 'subscribe', filters: msg, since: msg })).ok).toBe('boolean');
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('sanitize, size bound, redaction and the Redis decoder take any JSON (or any field list) and leave it serializable', () => {
    const redactor = createRedactor({ literals: ['hookhive-test-token-123'] });
    fc.assert(
      fc.property(anyJson, fc.array(fc.string(), { maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (value, fields, depth) => {
        const copy = JSON.parse(JSON.stringify(value)) as unknown;
        sanitizeJson(copy, depth);
        expect(() => JSON.stringify(copy)).not.toThrow();
        const obj = copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Record<string, unknown>) : { v: copy };
        const bounded = boundSize(obj, 256);
        expect(approxJsonBytes(bounded.value)).toBeLessThanOrEqual(256);
        expect(() => JSON.stringify(redactor.redact(obj).value)).not.toThrow();
        expect(() => JSON.stringify(decodeEvent('1-0', fields))).not.toThrow();
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });
});
