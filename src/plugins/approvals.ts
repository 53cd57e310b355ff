// Remote approvals as `app.approvals`: the desk over the store's shared queue, fed by the store's tail, emptied at shutdown.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { ApprovalRecord } from '../approvals/types.js';
import { ApprovalDesk } from '../approvals/desk.js';
import { ApprovalMetrics } from '../approvals/metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    approvals: ApprovalDesk;
  }
}

export interface ApprovalsPluginOptions {
  config: Config;
  /** Where approval records go as they open and close (the live stream). */
  publish: (records: ApprovalRecord[]) => void;
}

async function approvalsPlugin(app: FastifyInstance, opts: ApprovalsPluginOptions) {
  const { config } = opts;
  const desk = new ApprovalDesk({
    store: app.store,
    enabled: config.HOOK_APPROVAL_MODE === 'dashboard',
    timeoutMs: config.HOOK_APPROVAL_TIMEOUT_MS,
    maxPending: config.HOOK_APPROVAL_MAX_PENDING,
    metrics: new ApprovalMetrics(app.metrics.registry),
    log: app.log,
    publish: opts.publish,
  });
  app.decorate('approvals', desk);
  // Every instance sees every approval event: that is how an answer given on one releases a request held on another.
  const unsubscribe = app.store.subscribe((events) => desk.seen(events));
  // preClose, before the server waits for requests in flight: a held request gets `ask` now, not at its timeout.
  app.addHook('preClose', async () => desk.close());
  app.addHook('onClose', async () => unsubscribe());
}

export default fp(approvalsPlugin, { name: 'hookhive-approvals', dependencies: ['hookhive-metrics', 'hookhive-store'] });
