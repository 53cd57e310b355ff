// Appending test events the way the pipeline does: with a fingerprint of their content (same content, same print).
import type { AppendResult, EventStore, NewEvent } from '../../src/store/types.js';
import { fingerprintOf } from '../../src/pipeline/normalize.js';

/** The content fingerprint of a test event: everything but its event_id and the decision taken on it. */
export function fingerprintOfEvent(e: NewEvent & { id?: string }): string {
  const { id: _sid, event_id: _id, decision: _d, risk: _r, reason: _why, rule: _rule, processing_time_ms: _ms, ...content } = e;
  return fingerprintOf(content).fingerprint;
}

export function add(store: Pick<EventStore, 'append'>, e: NewEvent): Promise<AppendResult> {
  return store.append(e, { fingerprint: fingerprintOfEvent(e) });
}
