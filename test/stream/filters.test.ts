// Stream filter semantics and parsing: priority <= N passes (the seed had it inverted), lists, since, errors.
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../../src/store/filter.js';
import { parseClientMessage, parseQuerySubscription } from '../../src/stream/filters.js';
import { maxStreamId } from '../../src/stream/resume.js';
import { isRecovered } from '../../src/store/position.js';
import { eventsFrame, eventsFrames } from '../../src/stream/frames.js';
import { defaultPriority } from '../../src/schemas/hook-types.js';
import type { StoredEvent } from '../../src/store/types.js';

function ev(over: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: '1-0', event_id: 'e', hook_type: 'PreToolUse', agent_id: 'a', session_id: 's', correlation_id: null,
    priority: 3, timestamp: '2025-01-01T00:00:00Z', payload: {}, metadata: {}, decision: 'allow', risk: 'SAFE',
    reason: null, rule: null, processing_time_ms: 0, source: 'hooks', ...over,
  };
}

describe('min_priority: priority <= N passes (1 is most urgent)', () => {
  it('keeps the most urgent events and drops the less urgent ones', () => {
    const error = ev({ hook_type: 'Error', priority: defaultPriority('Error') });
    const notification = ev({ hook_type: 'Notification', priority: defaultPriority('Notification') });
    const pre = ev({ hook_type: 'PreToolUse', priority: defaultPriority('PreToolUse') });
    const f = { min_priority: 3 };
    expect(error.priority).toBe(1);
    expect(matchesFilter(error, f)).toBe(true);
    expect(matchesFilter(pre, f)).toBe(true); // equal passes
    expect(notification.priority).toBe(5);
    expect(matchesFilter(notification, f)).toBe(false);
    expect(matchesFilter(notification, { min_priority: 10 })).toBe(true);
    expect(matchesFilter(pre, { min_priority: 1 })).toBe(false);
  });

  it('lists match any of their values and combine with AND', () => {
    const f = { hook_types: ['PreToolUse', 'Stop'], agent_ids: ['a', 'b'], min_priority: 3 };
    expect(matchesFilter(ev(), f)).toBe(true);
    expect(matchesFilter(ev({ agent_id: 'c' }), f)).toBe(false);
    expect(matchesFilter(ev({ hook_type: 'Notification' }), f)).toBe(false);
    expect(matchesFilter(ev({ session_id: null }), { session_ids: ['s'] })).toBe(false);
    expect(matchesFilter(ev(), {})).toBe(true);
  });
});

describe('query parameters', () => {
  it('parses comma lists, min_priority and since', () => {
    const r = parseQuerySubscription({
      hook_types: 'PreToolUse, Stop', agent_ids: 'a,,b', session_ids: 's1', min_priority: '3', since: '17-2', token: 'x',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        filter: { hook_types: ['PreToolUse', 'Stop'], agent_ids: ['a', 'b'], session_ids: ['s1'], min_priority: 3 },
        since: '17-2',
      },
    });
    expect(parseQuerySubscription({})).toEqual({ ok: true, value: { filter: {} } });
    expect(parseQuerySubscription({ aggregates: 'true', agent_ids: 'a' })).toEqual({ ok: true, value: { filter: { agent_ids: ['a'] }, aggregates: true } });
    expect(parseQuerySubscription({ aggregates: 'false' })).toEqual({ ok: true, value: { filter: {} } });
    expect(parseQuerySubscription({ aggregates: 'yes' })).toMatchObject({ ok: false, error: { message: 'aggregates must be true or false' } });
    expect(parseClientMessage(JSON.stringify({ type: 'subscribe', filters: { aggregates: true } }))).toEqual({ ok: true, value: { filter: {}, aggregates: true } });
    expect(parseClientMessage(JSON.stringify({ type: 'subscribe', filters: { aggregates: 'yes' } }))).toMatchObject({ ok: false });
    expect(parseQuerySubscription({ hook_types: ['Stop', 'Error'] })).toMatchObject({
      ok: true, value: { filter: { hook_types: ['Stop', 'Error'] } },
    });
  });

  it('rejects bad values with a code and a message', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ hook_types: 'PreToolUse,Bogus' }, 'HOOKS_ERR_UNKNOWN_HOOK_TYPE'],
      [{ min_priority: '0' }, 'HOOKS_ERR_VALIDATION'],
      [{ min_priority: '11' }, 'HOOKS_ERR_VALIDATION'],
      [{ min_priority: '2.5' }, 'HOOKS_ERR_VALIDATION'],
      [{ min_priority: 'high' }, 'HOOKS_ERR_VALIDATION'],
      [{ since: 'yesterday' }, 'HOOKS_ERR_BAD_STREAM_ID'],
      [{ hook_type: 'Stop' }, 'HOOKS_ERR_VALIDATION'], // singular is /hooks/events' name; here it would silently match all
    ];
    for (const [q, code] of cases) {
      const r = parseQuerySubscription(q);
      expect(r.ok, JSON.stringify(q)).toBe(false);
      if (!r.ok) {
        expect(r.error.code, JSON.stringify(q)).toBe(code);
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    const unknown = parseQuerySubscription({ hook_types: 'Nope' });
    expect(!unknown.ok && unknown.error.message).toContain('PreToolUse');
  });
});

describe('subscribe messages', () => {
  it('parses filters as JSON arrays and a number', () => {
    const r = parseClientMessage(JSON.stringify({
      type: 'subscribe', filters: { hook_types: ['Error'], agent_ids: ['x'], min_priority: 2 }, since: '5-0',
    }));
    expect(r).toEqual({ ok: true, value: { filter: { hook_types: ['Error'], agent_ids: ['x'], min_priority: 2 }, since: '5-0' } });
    expect(parseClientMessage('{"type":"subscribe"}')).toEqual({ ok: true, value: { filter: {} } });
    expect(parseClientMessage('{"type":"subscribe","filters":{},"since":null}')).toEqual({ ok: true, value: { filter: {} } });
  });

  it('answers bad messages with codes', () => {
    const cases: [string, string][] = [
      ['not json', 'HOOKS_ERR_BAD_JSON'],
      ['[1]', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"unsubscribe"}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","filters":{"hook_types":"Stop"}}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","filters":{"hook_types":["Stop",1]}}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","filters":{"hook_types":["Nope"]}}', 'HOOKS_ERR_UNKNOWN_HOOK_TYPE'],
      ['{"type":"subscribe","filters":{"min_priority":"3"}}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","filters":{"min_priority":0}}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","filters":{"priority":3}}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","filters":[]}', 'HOOKS_ERR_VALIDATION'],
      ['{"type":"subscribe","since":"abc"}', 'HOOKS_ERR_BAD_STREAM_ID'],
      [JSON.stringify({ type: 'subscribe', filters: { agent_ids: Array.from({ length: 1001 }, (_, i) => `a${i}`) } }), 'HOOKS_ERR_VALIDATION'],
    ];
    for (const [text, code] of cases) {
      const r = parseClientMessage(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.code, text).toBe(code);
    }
  });
});

describe('resume arithmetic', () => {
  const pos = (trimmedThrough: string | null, top: string | null = '900-0', origin = '0-0', epoch = 'e1') => ({ top, trimmedThrough, origin, epoch });
  it('recovered: nothing trimmed, or since at/after the newest trimmed id', () => {
    expect(isRecovered('1-0', pos(null))).toBe(true);
    expect(isRecovered('100-5', pos('100-5'))).toBe(true);
    expect(isRecovered('200-0', pos('100-5'))).toBe(true);
    expect(isRecovered('100-4', pos('100-5'))).toBe(false);
    expect(isRecovered('99-0', pos('100-0'))).toBe(false);
    expect(isRecovered('0-0', pos('100-0'))).toBe(false);
    expect(isRecovered('0-0', pos(null))).toBe(true);
  });

  it('not recovered: an id after the top (a reset history, or not ours), before the epoch, or from another epoch', () => {
    expect(isRecovered('901-0', pos(null))).toBe(false);
    expect(isRecovered('5-0', pos(null, null))).toBe(false); // an empty store never issued it
    expect(isRecovered('0-0', pos(null, null))).toBe(true);
    expect(isRecovered('50-0', pos(null, '900-0', '99-9'))).toBe(false);
    expect(isRecovered('100-0', pos(null, '900-0', '99-9'))).toBe(true);
    expect(isRecovered('100-0', pos(null), 'e1')).toBe(true);
    expect(isRecovered('100-0', pos(null), 'e0')).toBe(false);
  });

  it('maxStreamId compares numerically, not as text', () => {
    expect(maxStreamId('9-0', '10-0', null)).toBe('10-0');
    expect(maxStreamId('10-9', '10-10')).toBe('10-10');
    expect(maxStreamId(null, undefined)).toBeNull();
  });
});

describe('frames', () => {
  it('concatenates serialized events into valid JSON, splitting only between events', () => {
    const parts = ['{"id":"1-0"}', '{"id":"1-1"}', '{"id":"1-2"}'];
    expect(JSON.parse(eventsFrame(parts).toString())).toEqual({ type: 'hook_events', events: [{ id: '1-0' }, { id: '1-1' }, { id: '1-2' }] });
    expect(eventsFrames(parts, 1 << 20)).toHaveLength(1);
    const split = eventsFrames(parts, 20).map((b) => JSON.parse(b.toString()).events.map((e: { id: string }) => e.id));
    expect(split.flat()).toEqual(['1-0', '1-1', '1-2']);
    expect(split.length).toBeGreaterThan(1);
  });
});
