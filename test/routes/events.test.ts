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

  it('bad queries are 400 in the error shape', async () => {
    for (const qs of ['?since=yesterday', '?limit=0', '?limit=abc', '?limit=5000', '?bogus=1']) {
      const { status, body } = await get(qs);
      expect(status, qs).toBe(400);
      expect(body.code, qs).toBe('HOOKS_ERR_VALIDATION');
    }
  });
});
