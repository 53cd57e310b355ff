// Held requests in memory: the pending queue and the first answer of each, for the embedded store (one instance).
import type { ApprovalClaim, ApprovalStore, PendingApproval } from './types.js';

/** A pending entry is dropped this long after its expiry: its holder answered the agent already, or is gone. */
const STALE_GRACE_MS = 10_000;

/** Whether a pending entry outlived its holder (also what the Redis store drops on read). */
export function isStale(record: PendingApproval, now: number): boolean {
  const expires = Date.parse(record.expires_at);
  return !Number.isFinite(expires) || expires + STALE_GRACE_MS < now;
}

export class MemoryApprovalStore implements ApprovalStore {
  private readonly queue = new Map<string, PendingApproval>();
  private readonly answers = new Map<string, { answer: ApprovalClaim; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  open(record: PendingApproval): Promise<void> {
    this.queue.set(record.approval_id, record);
    return Promise.resolve();
  }

  get(id: string): Promise<PendingApproval | null> {
    const r = this.queue.get(id);
    return Promise.resolve(r && !isStale(r, this.now()) ? r : null);
  }

  pending(): Promise<PendingApproval[]> {
    const now = this.now();
    for (const [id, r] of this.queue) if (isStale(r, now)) this.queue.delete(id);
    // Oldest first by when it opened, as the Redis store orders them (insertion order can differ from it).
    return Promise.resolve([...this.queue.values()].sort((a, b) => a.created_at.localeCompare(b.created_at)));
  }

  remove(id: string): Promise<void> {
    this.queue.delete(id);
    return Promise.resolve();
  }

  claim(id: string, answer: ApprovalClaim, ttlMs: number): Promise<{ won: boolean; answer: ApprovalClaim }> {
    this.prune();
    const held = this.answers.get(id);
    if (held) return Promise.resolve({ won: false, answer: held.answer });
    this.answers.set(id, { answer, until: this.now() + ttlMs });
    return Promise.resolve({ won: true, answer });
  }

  answer(id: string): Promise<ApprovalClaim | null> {
    const held = this.answers.get(id);
    return Promise.resolve(held && held.until > this.now() ? held.answer : null);
  }

  /** Answers are kept as long as asked (for the 409 that says how an approval ended), then let go. */
  private prune(): void {
    const now = this.now();
    for (const [id, a] of this.answers) {
      if (a.until > now) break; // kept in claim order with one ttl: the rest are younger
      this.answers.delete(id);
    }
  }
}
