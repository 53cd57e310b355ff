// Redis key layout: every key carries one hash tag, so all of them live in one Cluster slot.

export interface RedisKeys {
  /** Every event; what history reads and the live tail use. */
  lifecycle: string;
  /** Every ask/deny decision and every Error hook. */
  security: string;
  /** Hooks slower than HOOK_PERFORMANCE_THRESHOLD_MS. */
  performance: string;
  /** The aggregator's window summaries. */
  aggregates: string;
  /** One window's key: holds the id its summary was stored under (so each window is stored once). */
  aggregateKey(windowKey: string): string;
  /** Pending approvals (a hash: approval id → record), shared by every instance. */
  approvals: string;
  /** One approval's answer: set once (`SET NX`), so the first answer wins. */
  approvalAnswer(approvalId: string): string;
  /** The history's epoch: recreated when Redis lost everything, so resuming clients learn it. */
  epoch: string;
  /** The idempotency key of one event_id: holds the stream id it was stored under. */
  eventKey(eventId: string): string;
}

/**
 * `<prefix>{hh}:hook_lifecycle_events` and friends. The `{hh}` hash tag puts the streams and the
 * idempotency keys in one slot, which the append script needs on Redis Cluster. (A prefix that
 * already holds a `{tag}` wins: Redis hashes the first tag in a key.)
 */
export function redisKeys(prefix: string): RedisKeys {
  const base = `${prefix}{hh}:`;
  return {
    lifecycle: `${base}hook_lifecycle_events`,
    security: `${base}hook_security_events`,
    performance: `${base}hook_performance_events`,
    aggregates: `${base}hook_aggregate_events`,
    aggregateKey: (windowKey) => `${base}agg:${windowKey}`,
    approvals: `${base}approvals`,
    approvalAnswer: (approvalId) => `${base}apr:${approvalId}`,
    epoch: `${base}epoch`,
    eventKey: (eventId) => `${base}evt:${eventId}`,
  };
}
