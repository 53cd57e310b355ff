// Remote-approval metrics on the app's registry: how approvals ended, and how many requests this instance holds.
import { Counter, Gauge, type Registry } from 'prom-client';
import { APPROVAL_STATUSES } from '../schemas/approval.js';

export class ApprovalMetrics {
  readonly closed: Counter<'outcome'>;
  readonly pending: Gauge;
  readonly notHeld: Counter<'cause'>;

  constructor(registry: Registry) {
    this.closed = new Counter({
      name: 'hooks_approvals_total',
      help: 'Held requests answered, by outcome (allowed, denied, expired, cancelled), counted by the instance that held them',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    // Every outcome from the start, so a rate over it exists before the first approval closes.
    for (const outcome of APPROVAL_STATUSES) if (outcome !== 'pending') this.closed.inc({ outcome }, 0);
    this.pending = new Gauge({
      name: 'hooks_approvals_pending',
      help: 'Requests this instance holds right now, waiting for an answer from the dashboard',
      registers: [registry],
    });
    this.notHeld = new Counter({
      name: 'hooks_approvals_not_held_total',
      help: 'Asks answered at once instead of held: queue_full (HOOK_APPROVAL_MAX_PENDING reached) or store_unavailable',
      labelNames: ['cause'] as const,
      registers: [registry],
    });
    for (const cause of ['queue_full', 'store_unavailable']) this.notHeld.inc({ cause }, 0);
  }
}
