// The approvals panel's state: merge by approval_id, closed beats pending, order, snapshots, countdown and wording.
import { describe, expect, it } from 'vitest';
import { ApprovalQueue, MAX_CLOSED, outcome, secondsLeft, type Approval } from '../../public/dashboard/approvals-state.js';

function rec(id: string, over: Partial<Approval> = {}): Approval {
  return {
    approval_id: id, agent_id: 'a1', session_id: 's1', cwd: '/home/dev/p', tool_name: 'Bash', summary: 'git push --force origin main',
    reason: 'force push', risk: 'HIGH', created_at: '2026-11-30T12:00:00.000Z', expires_at: '2026-11-30T12:00:30.000Z',
    status: 'pending', answered_by: null, answer_reason: null, answered_at: null, ...over,
  };
}

describe('ApprovalQueue', () => {
  it('lists pending oldest first, then closed ones, last closed first', () => {
    const q = new ApprovalQueue();
    q.merge([rec('b', { created_at: '2026-11-30T12:00:05.000Z' }), rec('a'), rec('c', { status: 'denied', answered_at: '2026-11-30T12:00:01Z' }),
      rec('d', { status: 'expired', answered_at: '2026-11-30T12:00:09Z' })]);
    const { pending, closed } = q.list();
    expect(pending.map((r) => r.approval_id)).toEqual(['a', 'b']);
    expect(closed.map((r) => r.approval_id)).toEqual(['d', 'c']);
  });

  it('a closed status beats pending, whichever arrives first; the first close seen stays', () => {
    const q = new ApprovalQueue();
    q.merge([rec('a')]);
    q.merge([rec('a', { status: 'allowed', answered_by: 'ana' })]);
    q.merge([rec('a')]); // a stale copy from a snapshot read before the close
    expect(q.get('a')?.status).toBe('allowed');
    q.merge([rec('a', { status: 'denied', answered_by: 'bob' })]);
    expect(q.get('a')?.answered_by).toBe('ana');
    q.merge([rec('z', { status: 'denied' })]);
    q.merge([rec('z')]);
    expect(q.get('z')?.status).toBe('denied');
  });

  it('ignores records without an id or with an unknown status', () => {
    const q = new ApprovalQueue();
    q.merge([{ status: 'pending' }, rec('x', { status: 'weird' as never }), null, 'nope']);
    expect(q.list().pending).toEqual([]);
  });

  it('a snapshot drops pending ones it no longer lists, but not one a frame brought after the request left', () => {
    const q = new ApprovalQueue();
    q.merge([rec('gone'), rec('kept')]);
    const at = q.mark();
    q.merge([rec('new-by-frame')]);
    q.snapshot([rec('kept')], at);
    expect(q.list().pending.map((r) => r.approval_id).sort()).toEqual(['kept', 'new-by-frame']);
  });

  it('keeps at most MAX_CLOSED closed ones', () => {
    const q = new ApprovalQueue();
    q.merge(Array.from({ length: MAX_CLOSED + 5 }, (_, i) => rec(`c${i}`, { status: 'denied', answered_at: new Date(1e12 + i).toISOString() })));
    expect(q.list().closed).toHaveLength(MAX_CLOSED);
    expect(q.list().closed[0].approval_id).toBe(`c${MAX_CLOSED + 4}`);
  });
});

describe('countdown and wording', () => {
  it('counts whole seconds down to zero', () => {
    const r = rec('a');
    expect(secondsLeft(r, Date.parse('2026-11-30T12:00:00.000Z'))).toBe(30);
    expect(secondsLeft(r, Date.parse('2026-11-30T12:00:29.500Z'))).toBe(1);
    expect(secondsLeft(r, Date.parse('2026-11-30T12:01:00.000Z'))).toBe(0);
  });

  it('says who answered and why', () => {
    expect(outcome(rec('a', { status: 'allowed', answered_by: 'ana', answer_reason: 'release' }))).toBe('Approved by ana: release');
    expect(outcome(rec('a', { status: 'denied', answered_by: 'bob' }))).toBe('Denied by bob');
    expect(outcome(rec('a', { status: 'expired' }))).toMatch(/^Expired/);
    expect(outcome(rec('a', { status: 'cancelled' }))).toBe('Cancelled: the service shut down (the agent asked its user)');
    expect(outcome(rec('a', { status: 'cancelled', answer_reason: 'the agent stopped waiting' }))).toBe('Cancelled: the agent stopped waiting');
  });
});
