// GET /hooks/events: filters, pagination by since/next, last=N, and bad queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp, hookBody } from '../helpers/app.js';

let app: FastifyInstance;
const ids: string[] = [];
beforeAll(async () => {
  app = await makeApp();
  const events = [];
  for (let i = 0; i < 30; i++) {
    events.push(
      hookBody({
        event_id: `e-${i}`,
        agent_id: i % 3 === 0 ? 'alpha' : 'beta',
        session_id: i % 2 === 0 ? 's-even' : 's-odd',
        hook_type: i % 5 === 0 ? 'Error' : 'Notification',
        payload: { i },
      }),
    );
  }
  const res = await app.inject({ method: 'POST', url: '/hooks/batch', payload: { events } });
  for (const r of res.json().results) ids.push(r.stream_id);
});
afterAll(async () => {
  await app.close();
});

const get = async (qs: string) => {
  const res = await app.inject({ url: `/hooks/events${qs}` });
  return { status: res.statusCode, body: res.json() };
};

describe('GET /hooks/events', () => {
  it('returns everything oldest first with next null when it fits', async () => {
    const { body } = await get('');
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(body.next).toBeNull();
  });

  it('pages with limit and next until next is null, with no gap or duplicate', async () => {
    const seen: string[] = [];
    let since: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const { body } = await get(`?limit=7${since ? `&since=${since}` : ''}`);
      seen.push(...body.events.map((e: { id: string }) => e.id));
      since = body.next;
      if (!since) break;
    }
    expect(seen).toEqual(ids);
  });

  it('filters by agent, session and hook type (comma lists allowed)', async () => {
    const { body } = await get('?agent_id=alpha&session_id=s-even');
    expect(body.events.length).toBeGreaterThan(0);
    for (const e of body.events) expect(e).toMatchObject({ agent_id: 'alpha', session_id: 's-even' });
    const types = (await get('?hook_type=Error')).body.events;
    expect(types).toHaveLength(6);
    expect(types.every((e: { priority: number }) => e.priority === 1)).toBe(true);
    const both = (await get('?agent_id=alpha,beta')).body.events;
    expect(both).toHaveLength(30);
  });

  it('min_priority keeps the more urgent events (priority <= N)', async () => {
    const urgent = (await get('?min_priority=1')).body.events;
    expect(urgent).toHaveLength(6);
    expect((await get('?min_priority=5')).body.events).toHaveLength(30);
  });

  it('since is exclusive', async () => {
    const { body } = await get(`?since=${ids[27]}`);
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(ids.slice(28));
  });

  it('last=N returns the N most recent matching, oldest first', async () => {
    const { body } = await get('?last=3');
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(ids.slice(27));
    const lastErrors = (await get('?last=2&hook_type=Error')).body.events;
    expect(lastErrors.map((e: { event_id: string }) => e.event_id)).toEqual(['e-20', 'e-25']);
  });

  it('bad queries are 400 in the error shape, never silently coerced', async () => {
    const cases: [string, string][] = [
      ['?since=yesterday', 'HOOKS_ERR_VALIDATION'],
      ['?limit=0', 'HOOKS_ERR_VALIDATION'],
      ['?limit=abc', 'HOOKS_ERR_VALIDATION'],
      ['?limit=5000', 'HOOKS_ERR_VALIDATION'],
      ['?limit=1e9', 'HOOKS_ERR_VALIDATION'],
      ['?limit=5abc', 'HOOKS_ERR_VALIDATION'],
      ['?last=1e9', 'HOOKS_ERR_VALIDATION'],
      ['?last=0x10', 'HOOKS_ERR_VALIDATION'],
      ['?min_priority=2.5', 'HOOKS_ERR_VALIDATION'],
      ['?bogus=1', 'HOOKS_ERR_VALIDATION'],
      ['?last=2&limit=5', 'HOOKS_ERR_VALIDATION'],
      ['?last=2&since=1-0', 'HOOKS_ERR_VALIDATION'],
      ['?hook_type=Nope', 'HOOKS_ERR_UNKNOWN_HOOK_TYPE'],
      ['?hook_type=Error,Nope', 'HOOKS_ERR_UNKNOWN_HOOK_TYPE'],
    ];
    for (const [qs, code] of cases) {
      const { status, body } = await get(qs);
      expect(status, qs).toBe(400);
      expect(body.code, qs).toBe(code);
      expect(body.message, qs).toEqual(expect.any(String));
    }
    // The same hook type rule as the stream: the message lists what is accepted.
    expect((await get('?hook_type=Nope')).body.message).toContain('PreToolUse');
  });

  it('a since after the newest event is a 400 saying so, not an empty page that never fills', async () => {
    const future = `${Date.now() + 86_400_000}-0`;
    const { status, body } = await get(`?since=${future}`);
    expect(status).toBe(400);
    expect(body.code).toBe('HOOKS_ERR_BAD_STREAM_ID');
    expect(body.message).toMatch(/after the newest/);
    // The newest id itself is fine: nothing new yet.
    expect(await get(`?since=${ids[29]}`)).toEqual({ status: 200, body: { events: [], next: null } });
  });
});

describe('history pages are bounded in bytes (HOOK_HISTORY_MAX_BYTES)', () => {
  it('last=1000 of 100 KB events answers at most the budget, newest first kept, and says it was cut', async () => {
    const big = await makeApp({ HOOK_HISTORY_MAX_BYTES: 1024 * 1024, HOOK_MAX_PAYLOAD_SIZE: 200_000 });
    try {
      const events = Array.from({ length: 40 }, (_, i) => hookBody({ event_id: `big-${i}`, hook_type: 'Notification', payload: { pad: 'x'.repeat(100_000), i } }));
      for (let i = 0; i < events.length; i += 10) {
        const res = await big.inject({ method: 'POST', url: '/hooks/batch', payload: { events: events.slice(i, i + 10) } });
        expect(res.statusCode).toBe(200);
      }
      const last = await big.inject({ url: '/hooks/events?last=1000' });
      expect(last.statusCode).toBe(200);
      expect(last.body.length).toBeLessThan(1.2 * 1024 * 1024);
      const body = last.json();
      expect(body.truncated).toBe(true);
      expect(body.events.at(-1).payload.i).toBe(39);
      expect(body.events.length).toBeGreaterThanOrEqual(8);
      // Paging forward covers everything, page by page, each within the budget.
      const seen: number[] = [];
      let since: string | null = null;
      do {
        const page: { body: string; json(): { events: { payload: { i: number } }[]; next: string | null } } = await big.inject({
          url: `/hooks/events?limit=1000${since ? `&since=${since}` : ''}`,
        });
        expect(page.body.length).toBeLessThan(1.2 * 1024 * 1024);
        const p = page.json();
        seen.push(...p.events.map((e: { payload: { i: number } }) => e.payload.i));
        since = p.next;
      } while (since);
      expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i));
    } finally {
      await big.close();
    }
  });
});
