// GET /hooks/aggregates: stored window summaries, paged by id and filtered by agent and session.
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.js';

const app = useApp({}, { each: true });

const summary = (key: string, agent: string, session: string | null) => ({
  key, agent_id: agent, session_id: session, window_start: '2026-11-30T10:00:00.000Z', window_end: '2026-11-30T10:00:01.000Z',
  event_count: 2, hook_types: { PostToolUse: 2 }, tool_usage: { Bash: { count: 2, success_count: 1, error_count: 1, unfinished_count: 0, avg_duration_ms: 12.5 } },
  decisions: { allow: 2, ask: 0, deny: 0 }, avg_processing_time_ms: 0.2, first_event_id: '1-0', last_event_id: '2-0',
  rules: { tagger: { team: 'infra' } },
});

describe('GET /hooks/aggregates', () => {
  it('pages the summaries oldest first, filtered by agent and session, with every field', async () => {
    for (let i = 0; i < 3; i++) await app().store.aggregates.put(summary(`a|s|${i}`, 'a', 's'));
    await app().store.aggregates.put(summary('b|-|0', 'b', null));
    const first = (await app().inject({ url: '/hooks/aggregates?agent_id=a&limit=2' })).json();
    expect(first.aggregates.map((x: { key: string }) => x.key)).toEqual(['a|s|0', 'a|s|1']);
    expect(first.aggregates[0]).toMatchObject({ tool_usage: { Bash: { error_count: 1, avg_duration_ms: 12.5 } }, rules: { tagger: { team: 'infra' } } });
    const second = (await app().inject({ url: `/hooks/aggregates?agent_id=a&limit=2&since=${first.next}` })).json();
    expect(second).toMatchObject({ aggregates: [{ key: 'a|s|2' }], next: null });
    const none = (await app().inject({ url: '/hooks/aggregates?session_id=nope' })).json();
    expect(none).toEqual({ aggregates: [], next: null });
    const all = (await app().inject({ url: '/hooks/aggregates' })).json();
    expect(all.aggregates).toHaveLength(4);
  });

  it('refuses a bad query with a 400 in the error shape', async () => {
    for (const q of ['limit=0', 'limit=5000', 'since=yesterday', 'agent=x']) {
      const res = await app().inject({ url: `/hooks/aggregates?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(Object.keys(res.json()).sort(), q).toEqual(['code', 'error', 'message', 'statusCode']);
    }
  });
});
