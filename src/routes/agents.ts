// Agent routes, one per dialect (/hooks/claude, ...): the agent's own body in, its own answer out, within the
// decision budget — and a 200 decision for a decision event whatever happens (CONTRACT §3a).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DIALECTS, type Dialect } from '../adapters/index.js';
import { AgentEventName } from '../schemas/common.js';
import { errorResponses } from '../schemas/common.js';
import { fingerprintOf } from '../pipeline/normalize.js';
import { failClosed } from '../pipeline/fail-closed.js';
import { Deadlines } from '../pipeline/deadlines.js';
import { shuttingDownError, withNotes } from './hooks.js';
import { shouldHold } from '../approvals/policy.js';

/** Of the decision budget, what is kept back for storing the event after it was judged. */
const STORE_SHARE = 0.5;

function agentHeader(request: FastifyRequest): string | undefined {
  const h = request.headers['x-agent-id'];
  return typeof h === 'string' && h ? h : undefined;
}

export default async function agentRoutes(app: FastifyInstance) {
  const { pipeline, config, lifecycle, approvals } = app;
  const budgetMs = config.HOOK_DECISION_BUDGET_MS;
  const deadlines = new Deadlines();

  const route = (dialect: Dialect) => {
    const known: ReadonlySet<string> = new Set(dialect.events);
    app.post(
      `/hooks/${dialect.name}`,
      {
        bodyLimit: config.HOOK_MAX_BODY_BYTES,
        config: { scope: 'ingest', agent: dialect.name },
        schema: {
          tags: ['hooks', 'agents'],
          summary: dialect.summary,
          description:
            "Accepts the body exactly as the agent sends it and answers in the agent's own format. A decision event " +
            'always gets a 200 decision within HOOK_DECISION_BUDGET_MS: when it cannot be fully judged (too large, ' +
            'unreadable, validator time-out, rate-limited, overloaded, store down) the decision is HOOK_FAIL_DECISION. ' +
            'With HOOK_APPROVAL_MODE=dashboard an ask (and a PermissionRequest not denied) is held, once stored, up to ' +
            'HOOK_APPROVAL_TIMEOUT_MS for an answer from the dashboard, and answered with it: allow, deny, or ask.',
          headers: Type.Object({ 'x-agent-id': Type.Optional(Type.String({ description: 'Agent id when the body has none' })) }),
          querystring: Type.Object({
            event: Type.Optional({ ...AgentEventName, description: "The event's name when the agent's body carries none (what `hookhive forward --event` adds)" }),
          }),
          body: dialect.bodySchema,
          response: { 200: dialect.answerSchema, ...errorResponses(400, 401, 403, 413, 415, 421, 429, 503) },
        },
      },
      async (request, reply) => {
        const start = process.hrtime.bigint();
        // The budget runs from receipt: reading and parsing the body already spent some of it.
        const budgetEnd = performance.now() + budgetMs - reply.elapsedTime;
        const body = request.body as Record<string, unknown>;
        const eventHint = (request.query as { event?: string }).event;
        const { event, view } = dialect.toEvent(body, { agentHeader: agentHeader(request), eventHint, now: Date.now() });
        const agentEvent = dialect.eventName(body, { eventHint }) ?? event.hook_type;
        if (!known.has(agentEvent)) app.metrics.unknownEventTypes.inc({ dialect: dialect.name });
        const { fingerprint, json } = fingerprintOf(body);
        const payloadJson = event.payload === body ? json : undefined;
        const incoming = withNotes({ fingerprint, json, payloadJson, event, view }, request.facts.notes);
        // Judge first: whatever fails after this (closing, store down, slow store) answers no less strictly.
        const decided = await pipeline.decide(incoming, start, pipeline.deadline((budgetEnd - performance.now()) * (1 - STORE_SHARE)));
        request.facts.verdict = decided.verdict;
        if (lifecycle.shuttingDown) throw shuttingDownError();
        pipeline.ensureAccepting();
        const commit = pipeline.commit(decided, start, 'rekey');
        const outcome = await deadlines.within(commit, budgetEnd);
        if (outcome) {
          const { decision, risk, reason } = outcome.event;
          // Stored first (durable acceptance), then held for a person; no hold while closing: today's answer.
          if (approvals.enabled && !lifecycle.shuttingDown && shouldHold(dialect, agentEvent, decision)) {
            // The agent's own hook timeout may end its wait first: then nobody is left to answer, and the queue says so.
            const waiting = new AbortController();
            const gone = () => { if (!reply.raw.writableEnded) waiting.abort(); };
            reply.raw.once('close', gone);
            if (request.raw.socket.destroyed) gone(); // it went away before the listener was there
            const held = await approvals.hold({ event: outcome.event, dialect: dialect.name, hookType: agentEvent, signal: waiting.signal });
            reply.raw.off('close', gone);
            if (held) return dialect.answer({ hook_type: agentEvent, decision: held.decision, risk, reason: held.reason, explicit: held.explicit });
          }
          return dialect.answer({ hook_type: agentEvent, decision, risk, reason });
        }
        // Storing is slow: answer now, within the budget; the write goes on and a failure is logged.
        commit.catch((err: unknown) => request.log.error({ err, eventId: event.event_id }, 'event stored late failed'));
        app.metrics.failClosed.inc({ cause: 'decision_timeout' });
        return dialect.answer({ hook_type: agentEvent, ...failClosed('decision_timeout', config.HOOK_FAIL_DECISION, decided.verdict) });
      },
    );
  };

  for (const dialect of Object.values(DIALECTS)) route(dialect);
}
