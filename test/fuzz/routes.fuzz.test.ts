// Property-based fuzzing of every route (fixed seed, bounded runs): no 5xx, no crash, and on the agent routes
// a decision event never gets anything but a 200 decision (CONTRACT §3a).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { StreamHarness, type StreamProbe } from '../helpers/ws.js';
import { claudeBody, hookBody } from '../helpers/app.js';
import { DIALECTS } from '../../src/adapters/index.js';
import { DIALECT_INFO, type DialectName } from '../../src/adapters/table.js';
import { agentBody, agentUrl, isDecisionAnswer } from '../helpers/agents.js';

const SEED = 20261130;
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

const harness = new StreamHarness();
let app: FastifyInstance;
let watcher: StreamProbe;
beforeAll(async () => {
  const started = await harness.start({ HOOK_MAX_BODY_BYTES: 256 * 1024, HOOK_MAX_PAYLOAD_SIZE: 64 * 1024 });
  app = started.app;
  // A stream client is connected the whole time: one bad event must not cost it a frame or the process.
  watcher = await started.open();
  await watcher.nth('subscribed');
});
afterAll(() => harness.cleanup());

/** Hostile JSON: deep, wide, with prototype keys, odd strings; as text, so it can also be broken. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('rm -rf /', 'ls', '$(rm -rf ~)', '{rm,-rf,/}', '\u202erm -rf /', 'a'.repeat(20_000), '\ud800', 'x\u0000y'),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'command', 'tool_input')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
const deepText = fc.integer({ min: 50, max: 8000 }).chain((n) =>
  fc.constantFrom('[', '{"a":', '{"__proto__":').map((open) => open.repeat(n) + '1' + (open === '[' ? ']' : '}').repeat(n)),
);

/** A body as text: valid hostile JSON, deep JSON, or broken bytes. */
function bodyText(base: Record<string, unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.record({ extra: hostileValue, key: fc.constantFrom('tool_input', 'payload', 'metadata', 'junk', '__proto__', 'command') }).map(({ extra, key }) =>
      JSON.stringify({ ...base, [key]: extra }),
    ),
    deepText.map((deep) => JSON.stringify(base).replace(/}$/, `,"deep":${deep}}`)),
    fc.tuple(fc.nat({ max: 400 }), hostileString).map(([cut, junk]) => JSON.stringify(base).slice(0, cut) + junk),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constant(''),
  );
}

/** A Claude body of one of the given event names, mangled into text in one of the hostile ways. */
const claudeCase = (names: fc.Arbitrary<string>) =>
  fc.tuple(names, fc.string()).chain(([name, command]) => bodyText(claudeBody(command, { hook_event_name: name })).map((text) => ({ name, text })));
const envelopeCase = fc.constantFrom('/hooks', '/hooks/batch').chain((url) =>
  bodyText(url === '/hooks' ? hookBody() : { events: [hookBody(), hookBody({ hook_type: 'Stop' })] }).map((text) => ({ url, text })),
);

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined);
const otherName = fc.constantFrom('PostToolUse', 'Stop', 'Notification', 'SessionEnd', 'NotAnEvent', '');

const send = (method: string, url: string, payload: string, type?: string) =>
  app.inject({ method: method as 'POST', url, payload, headers: type ? { 'content-type': type } : {} });

describe('fuzz: agent routes', () => {
  it('a decision event (or one whose name cannot be read) always gets a 200 decision, on every agent route; nothing gets a 5xx', async () => {
    for (const dialect of Object.keys(DIALECTS) as DialectName[]) {
      const decision = fc.constantFrom(...DIALECT_INFO[dialect].decisionEvents);
      const cases = fc
        .tuple(decision, fc.string())
        .chain(([name, command]) => bodyText(agentBody(dialect, name, command)).map((text) => ({ name, text })));
      await fc.assert(
        fc.asyncProperty(cases, contentType, async ({ name, text }, type) => {
          const res = await send('POST', agentUrl(dialect, name), text, type);
          expect(res.statusCode, `${dialect} ${text.slice(0, 120)}`).toBe(200);
          // An unreadable body is answered as the decision event it is assumed to be.
          expect(isDecisionAnswer(dialect, res.json()), `${dialect} ${res.body}`).toBe(true);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }
  });

  it('any other event: a 2xx or a 4xx in the error shape, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(claudeCase(otherName), contentType, async ({ text }, type) => {
        const res = await send('POST', '/hooks/claude', text, type);
        expect(res.statusCode, text.slice(0, 120)).toBeLessThan(500);
        if (res.statusCode >= 400) expect(Object.keys(res.json()).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});

describe('fuzz: generic routes', () => {
  it('POST /hooks and /hooks/batch: never a 5xx; errors in the shared shape', async () => {
    await fc.assert(
      fc.asyncProperty(envelopeCase, contentType, async ({ url, text }, type) => {
        const res = await send('POST', url, text, type);
        expect(res.statusCode, text.slice(0, 120)).toBeLessThan(500);
        if (res.statusCode >= 400) expect(Object.keys(res.json()).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it('GET /hooks/events with any query: a 200 page or a 400, never coerced into a 5xx', async () => {
    const key = fc.constantFrom('agent_id', 'session_id', 'hook_type', 'min_priority', 'since', 'limit', 'last', 'token', 'x', '__proto__');
    const value = fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('1e9', '-1', '0x10', '1-0', '99999999999999999-0', 'Stop,Nope', ''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), async (pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await app.inject({ url: `/hooks/events?${qs}` });
        expect([200, 400], qs).toContain(res.statusCode);
        if (res.statusCode === 200) expect(Array.isArray(res.json().events)).toBe(true);
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it('any method on any spelling of any path: never a 5xx', async () => {
    const paths = ['/hooks', '/hooks/batch', '/hooks/claude', '/hooks/events', '/hooks/stream', '/health/hooks', '/metrics', '/dashboard', '/'];
    const mangle = fc.constantFrom(
      (p: string) => p,
      (p: string) => p.replace('o', '%6f'),
      (p: string) => `${p}/`,
      (p: string) => p.replace(/\//g, '//'),
      (p: string) => `${p};x=1`,
      (p: string) => `/./${p}`,
      (p: string) => encodeURI(p).replace(/\//g, '%2F'),
      (p: string) => `${p}%00`,
      (p: string) => `${p}/..%2f..%2fetc/passwd`,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), mangle, fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'), async (p, m, method) => {
        const res = await app.inject({ method: method as 'GET', url: m(p), payload: method === 'POST' ? '{}' : undefined, headers: method === 'POST' ? { 'content-type': 'application/json' } : {} });
        expect(res.statusCode, `${method} ${m(p)}`).toBeLessThan(500);
      }),
      { seed: SEED + 4, numRuns: RUNS },
    );
  });
});

describe('after the fuzzing', () => {
  it('the process is alive, the stream client was never dropped, and a normal event still flows end to end', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    expect(watcher.closeCode).toBeNull();
    const res = await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ event_id: 'after-fuzz' }) });
    expect(res.statusCode).toBe(200);
    await watcher.until((p) => p.events().some((e) => e.event_id === 'after-fuzz'), 'the event after the fuzzing');
    expect((await app.inject({ url: '/hooks/events?last=1000' })).statusCode).toBe(200);
  });
});
