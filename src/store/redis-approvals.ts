// Held requests in Redis: one hash of pending approvals and one `SET NX` key per answer, shared by every instance.
import type { ApprovalClaim, ApprovalStore, PendingApproval } from './types.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import { StoreUnavailableError } from './errors.js';
import { isStale } from './memory-approvals.js';

export interface RedisApprovalOptions {
  redis: RedisClient;
  keys: RedisKeys;
  /** The `Retry-After` of a call refused while Redis is away (the event store's own). */
  retryAfterMs: number;
}

function parse<T>(text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as T) : null;
  } catch {
    return null;
  }
}

export class RedisApprovalStore implements ApprovalStore {
  constructor(private readonly opts: RedisApprovalOptions) {}

  /** Every call needs Redis itself: while it is away it is a StoreUnavailableError (503), never a 500. */
  private async call<T>(what: string, fn: (redis: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.opts.redis);
    } catch (err) {
      throw new StoreUnavailableError(`Approvals are unavailable while Redis is unreachable (${what}: ${(err as Error).message}); retry later`, this.opts.retryAfterMs);
    }
  }

  async open(record: PendingApproval): Promise<void> {
    await this.call('open', (r) => r.hset(this.opts.keys.approvals, record.approval_id, JSON.stringify(record)));
  }

  async get(id: string): Promise<PendingApproval | null> {
    const record = parse<PendingApproval>(await this.call('get', (r) => r.hget(this.opts.keys.approvals, id)));
    return record && !isStale(record, Date.now()) ? record : null;
  }

  async pending(): Promise<PendingApproval[]> {
    const all = await this.call('list', (r) => r.hgetall(this.opts.keys.approvals));
    const now = Date.now();
    const live: PendingApproval[] = [];
    const stale: string[] = [];
    for (const [id, text] of Object.entries(all)) {
      const record = parse<PendingApproval>(text);
      if (record && !isStale(record, now)) live.push(record);
      else stale.push(id);
    }
    // A holder that crashed never removed its entry: whoever reads next does.
    if (stale.length) await this.call('drop stale', (r) => r.hdel(this.opts.keys.approvals, ...stale));
    return live.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async remove(id: string): Promise<void> {
    await this.call('remove', (r) => r.hdel(this.opts.keys.approvals, id));
  }

  async claim(id: string, answer: ApprovalClaim, ttlMs: number): Promise<{ won: boolean; answer: ApprovalClaim }> {
    const key = this.opts.keys.approvalAnswer(id);
    const set = await this.call('claim', (r) => r.set(key, JSON.stringify(answer), 'PX', ttlMs, 'NX'));
    if (set === 'OK') return { won: true, answer };
    // Lost: the key is never rewritten once set, so what it holds now is the answer that stands.
    const winner = parse<ApprovalClaim>(await this.call('claim', (r) => r.get(key)));
    return { won: false, answer: winner ?? answer };
  }

  async answer(id: string): Promise<ApprovalClaim | null> {
    return parse<ApprovalClaim>(await this.call('answer', (r) => r.get(this.opts.keys.approvalAnswer(id))));
  }
}
