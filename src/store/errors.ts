// The store's domain errors: what went wrong and when to retry, in store terms; the error plugin maps them to HTTP.

/** Neither the store nor its outage spool can take (or serve) events right now. */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    /** When a retry is worth trying. */
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** An event_id already stored with different content: the stored answer belongs to another event. */
export class IdempotencyConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`event_id ${JSON.stringify(eventId)} was already used for an event with different content`);
    this.name = 'IdempotencyConflictError';
  }
}

/** Where an event whose event_id was taken by other content is kept instead (never lost, never confused). */
export const conflictEventId = (eventId: string, fingerprint: string) => `${eventId}~${fingerprint.slice(0, 12)}`;
