// Unit and property tests of the JSON sanitizer: depth bound, prototype keys, byte estimate, size bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approxJsonBytes, boundSize, depthMarker, OVERSIZE_KEY, sanitizeJson, truncationSuffix } from '../../src/json/sanitize.js';

const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** `[[[ … ]]]` built without recursion, `depth` arrays deep. */
function deepArray(depth: number): unknown[] {
  const root: unknown[] = [];
  let cur = root;
  for (let i = 1; i < depth; i++) {
    const next: unknown[] = [];
    cur.push(next);
    cur = next;
  }
  return root;
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

// Units that stress JSON escaping and UTF-8: quotes, backslashes, control characters, 2/3/4-byte
// characters and lone surrogates (which stringify writes as \udXXX).
const awkwardUnit = fc.oneof(
  fc.constantFrom('"', '\\', '\n', '\t', '\r', '\b', '\f', '\u0000', '\u001f', '\u007f', 'é', '€', '😀', '\u2028'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);
const awkwardJson = fc.jsonValue({ stringUnit: awkwardUnit, maxDepth: 5 });

describe('sanitizeJson', () => {
  it('returns no notes and leaves an ordinary body alone', () => {
    const body = { hook_event_name: 'PreToolUse', tool_input: { command: 'ls -la', env: [{ a: 1 }] }, constructor: 'x' };
    const before = JSON.stringify(body);
    expect(sanitizeJson(body, 5)).toEqual({});
    expect(JSON.stringify(body)).toBe(before);
    expect(sanitizeJson('x', 0)).toEqual({});
    expect(sanitizeJson(null, 0)).toEqual({});
  });

  it('replaces containers deeper than the limit with the marker, the root being depth 0', () => {
    const v = JSON.parse('{"a":{"b":{"c":{"d":1}},"e":[[1],2]},"f":[{"g":[]}]}');
    expect(sanitizeJson(v, 2)).toEqual({ depth_truncated: 3 });
    const m = depthMarker(2);
    expect(m).toBe('[hookhive: truncated, nested deeper than 2 levels]');
    expect(v).toEqual({ a: { b: { c: m }, e: [m, 2] }, f: [{ g: m }] });

    const flat = { a: { b: 1 }, c: [] };
    expect(sanitizeJson(flat, 0)).toEqual({ depth_truncated: 2 });
    expect(flat).toEqual({ a: depthMarker(0), c: depthMarker(0) });
  });

  it('bounds a 1,000,000-deep array without recursion, after which stringify works', () => {
    const v = deepArray(1_000_000);
    expect(sanitizeJson(v, 64)).toEqual({ depth_truncated: 1 });
    expect(depthOf(v)).toBe(64);
    expect(JSON.stringify(v)).toContain(depthMarker(64));
    // No limit at all still terminates (and keeps its stack small).
    expect(sanitizeJson(deepArray(1_000_000), Infinity)).toEqual({});
  });

  it('makes 5000-deep parsed JSON stringifiable again', () => {
    const text = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const v = JSON.parse(text);
    expect(() => JSON.stringify(v)).toThrow(RangeError);
    expect(sanitizeJson(v, 100).depth_truncated).toBe(1);
    expect(() => JSON.stringify(v)).not.toThrow();
  });

  it('removes own __proto__ keys at any depth, so assign/spread cannot pollute', () => {
    const v = JSON.parse('{"__proto__":{"polluted":1},"a":{"__proto__":{"isAdmin":true}},"b":[{"__proto__":null,"k":2}]}');
    expect(hasOwn(v, '__proto__')).toBe(true);
    expect(sanitizeJson(v, 10)).toEqual({ keys_removed: 3 });
    expect(hasOwn(v, '__proto__') || hasOwn(v.a, '__proto__') || hasOwn(v.b[0], '__proto__')).toBe(false);
    expect(v).toEqual({ a: {}, b: [{ k: 2 }] });
    const merged = Object.assign({}, v.a);
    expect((merged as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('removes constructor keys only when their value holds a prototype key', () => {
    const v = JSON.parse('{"constructor":{"prototype":{"x":1}},"a":{"constructor":"Foo","prototype":1},"b":{"constructor":{"name":"n"}}}');
    expect(sanitizeJson(v, 10)).toEqual({ keys_removed: 1 });
    expect(v).toEqual({ a: { constructor: 'Foo', prototype: 1 }, b: { constructor: { name: 'n' } } });
  });

  it('counts both kinds of change, and does not count what sits under a removed key', () => {
    const v = JSON.parse('{"__proto__":{"a":{"b":{"c":{}}}},"x":{"y":{"z":{}}}}');
    expect(sanitizeJson(v, 2)).toEqual({ depth_truncated: 1, keys_removed: 1 });
  });

  it('walks a million-element array quickly', () => {
    const v = Array.from({ length: 1_000_000 }, (_, i) => (i % 2 ? { i } : i));
    const t = performance.now();
    expect(sanitizeJson(v, 1)).toEqual({});
    expect(performance.now() - t).toBeLessThan(1500);
  });
});

describe('approxJsonBytes', () => {
  it('is exact for JSON values with escapes, non-ASCII and lone surrogates', () => {
    fc.assert(fc.property(awkwardJson, (v) => approxJsonBytes(v) === jsonBytes(v)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: awkwardUnit, maxLength: 200 }), (s) => approxJsonBytes(s) === jsonBytes(s)), { numRuns: 500 });
  });

  it('counts numbers, literals and empty containers as stringify writes them', () => {
    for (const v of [0, -0, 7, 123456789, 1e21, -3.5e-7, 0.1, NaN, Infinity, true, false, null, [], {}, { a: [] }, [{}], 'x'.repeat(1000) + '\n']) {
      expect(approxJsonBytes(v), JSON.stringify(v)).toBe(jsonBytes(v));
    }
  });

  it('follows stringify for values JSON.parse never makes', () => {
    expect(approxJsonBytes({ a: undefined, b: () => 1, c: 1 })).toBe(jsonBytes({ c: 1 }));
    expect(approxJsonBytes([undefined, () => 1])).toBe(jsonBytes([null, null]));
    expect(approxJsonBytes(undefined)).toBe(0);
  });

  it('walks a 1,000,000-deep array iteratively', () => {
    expect(approxJsonBytes(deepArray(1_000_000))).toBe(2_000_000);
  });
});

describe('boundSize', () => {
  const hook = (output: string) => ({
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    session_id: 'sess-1',
    cwd: '/home/dev/project',
    tool_input: { command: 'cat big.log' },
    tool_response: { stdout: output, stderr: '' },
  });

  it('returns the same object when it already fits', () => {
    const v = hook('ok');
    const r = boundSize(v, 10_000);
    expect(r.value).toBe(v);
    expect(r).toMatchObject({ fields_truncated: 0, original_bytes: jsonBytes(v), bytes: jsonBytes(v) });
  });

  it('cuts the long string, keeps every short field and untouched branch, and never mutates the input', () => {
    const v = hook('line of output\n'.repeat(10_000));
    const before = JSON.stringify(v);
    const r = boundSize(v, 4096);
    expect(JSON.stringify(v)).toBe(before);
    expect(r.fields_truncated).toBe(1);
    expect(r.original_bytes).toBe(before.length);
    expect(r.bytes).toBe(jsonBytes(r.value));
    expect(r.bytes).toBeLessThanOrEqual(4096);
    expect(r.bytes).toBeGreaterThan(4000); // the cap is the largest that fits, not merely one that does
    const out = r.value as ReturnType<typeof hook>;
    expect(out.tool_input).toBe(v.tool_input); // copy on write: only the changed path is new
    expect(out.tool_response).not.toBe(v.tool_response);
    const { tool_response: _, ...rest } = out;
    const { tool_response: __, ...restIn } = v;
    expect(rest).toEqual(restIn);
    const cut = out.tool_response.stdout;
    const m = /^([\s\S]*)…\[hookhive: truncated (\d+) bytes\]$/.exec(cut);
    expect(m).not.toBeNull();
    expect(v.tool_response.stdout.startsWith(m![1])).toBe(true);
    expect(Number(m![2])).toBe(Buffer.byteLength(v.tool_response.stdout) - Buffer.byteLength(m![1]));
  });

  it('cuts the longest strings first, all to the same length', () => {
    const v = { a: 'a'.repeat(100), b: 'b'.repeat(1000), c: 'c'.repeat(5000), d: 'd'.repeat(20_000), e: 'é'.repeat(3000) };
    const r = boundSize(v, 8000);
    const out = r.value as Record<string, string>;
    expect(out.a).toBe(v.a);
    expect(out.b).toBe(v.b);
    expect(r.fields_truncated).toBe(3);
    const kept = ['c', 'd', 'e'].map((k) => out[k].indexOf('…'));
    expect(new Set(kept).size).toBe(1);
    expect(kept[0]).toBeGreaterThan(1000);
    expect(jsonBytes(out)).toBeLessThanOrEqual(8000);
  });

  it('only cuts a string when that shortens it, and every cut string is longer than every kept one', () => {
    const v: Record<string, string> = { big: 'y'.repeat(20_000) };
    for (let i = 0; i < 50; i++) v[`k${i}`] = 'x'.repeat(60 + i * 3);
    const r = boundSize(v, 6500);
    const out = r.value as Record<string, string>;
    const cut = Object.keys(v).filter((k) => out[k] !== v[k]);
    const kept = Object.keys(v).filter((k) => out[k] === v[k]);
    expect(cut.length).toBeGreaterThan(10);
    expect(kept.length).toBeGreaterThan(10);
    for (const k of cut) expect(Buffer.byteLength(out[k]), k).toBeLessThan(v[k].length);
    expect(Math.min(...cut.map((k) => v[k].length))).toBeGreaterThan(Math.max(...kept.map((k) => v[k].length)));
    expect(jsonBytes(out)).toBeLessThanOrEqual(6500);
  });

  it('never splits a surrogate pair', () => {
    for (const limit of [1000, 1001, 1002, 1003]) {
      const r = boundSize({ s: '😀'.repeat(2000) }, limit);
      const s = (r.value as { s: string }).s;
      expect(/\p{Cs}/u.test(s)).toBe(false); // no lone surrogate
      expect(jsonBytes(r.value)).toBeLessThanOrEqual(limit);
    }
  });

  it('keeps an own __proto__ key as data when copying, without touching the prototype', () => {
    const v = JSON.parse(`{"__proto__":{"log":"${'x'.repeat(5000)}"},"n":1}`);
    const r = boundSize(v, 1000);
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(hasOwn(r.value, '__proto__')).toBe(true);
    expect((Object.getOwnPropertyDescriptor(r.value, '__proto__')?.value as { log: string }).log).toMatch(/truncated 4\d{3} bytes\]$/);
    expect(jsonBytes(r.value)).toBeLessThanOrEqual(1000);
  });

  it('falls back to a small note plus the short top-level fields when strings cannot be cut enough', () => {
    const v = { ...hook('x'), transcript_path: 'p'.repeat(300), items: Array.from({ length: 5000 }, (_, i) => `item-${i}`) };
    const r = boundSize(v, 2000);
    expect(r.value).toEqual({
      [OVERSIZE_KEY]: `payload of ${jsonBytes(v)} bytes exceeded the limit of 2000 bytes`,
      hook_event_name: 'PostToolUse',
      tool_name: 'Bash',
      session_id: 'sess-1',
      cwd: '/home/dev/project',
    });
    expect(r.fields_truncated).toBe(4); // tool_input, tool_response, transcript_path, items
    expect(r.bytes).toBe(jsonBytes(r.value));
  });

  it('falls back when a key alone is too long, since keys are never cut', () => {
    const r = boundSize({ ['k'.repeat(5000)]: 1, tool_name: 'Bash' }, 1000);
    expect(r.value).toMatchObject({ tool_name: 'Bash' });
    expect(hasOwn(r.value, OVERSIZE_KEY)).toBe(true);
  });

  it('stays within even a tiny limit', () => {
    for (const limit of [2, 10, 60, 90]) {
      const r = boundSize(hook('x'.repeat(500)), limit);
      expect(jsonBytes(r.value), String(limit)).toBeLessThanOrEqual(limit);
    }
  });

  it('always fits, reports its size exactly and leaves the input alone (property)', () => {
    const longish = fc.string({ unit: awkwardUnit, maxLength: 3000 });
    const body = fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(longish, awkwardJson, fc.array(longish, { maxLength: 5 })), { maxKeys: 8 });
    fc.assert(
      fc.property(body, fc.integer({ min: 2, max: 20_000 }), (v, limit) => {
        const before = JSON.stringify(v);
        const r = boundSize(v, limit);
        const size = jsonBytes(r.value);
        return JSON.stringify(v) === before && size <= limit && r.bytes === size;
      }),
      { numRuns: 400 },
    );
  });

  it('cuts each string to a prefix of itself plus the suffix', () => {
    const s = 'abc"\\\n'.repeat(500);
    const r = boundSize({ s }, 500);
    const out = (r.value as { s: string }).s;
    const prefix = out.slice(0, out.indexOf('…[hookhive'));
    expect(out).toBe(prefix + truncationSuffix(Buffer.byteLength(s) - Buffer.byteLength(prefix)));
    expect(s.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeGreaterThanOrEqual(64);
  });
});
