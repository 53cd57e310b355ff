// Rate limits per token (or IP) and load shedding under pressure; an agent route's decision event still gets its 200.
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { createError, ErrorCodes } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes that answer decision events (CONTRACT §3a): they are shed after the body is read. */
    agent?: string;
  }
}

export interface LimitsOptions {
  /** Requests per minute per token or IP; 0: no rate limit. */
  ratePerMinute: number;
  /** Event-loop delay (ms) above which load is shed; 0: never. */
  maxEventLoopDelayMs: number;
  /** V8 heap used (bytes) above which load is shed; 0: never. */
  maxHeapUsedBytes: number;
  /** Seconds a shed client is told to wait. */
  retryAfterSeconds: number;
}

const overloaded = (retryAfterSeconds: number) =>
  createError(ErrorCodes.OVERLOADED, 'The service is overloaded; retry shortly', 503, { 'retry-after': String(retryAfterSeconds) });

async function limitsPlugin(app: FastifyInstance, opts: LimitsOptions) {
  if (opts.ratePerMinute > 0) {
    await app.register(rateLimit, {
      max: opts.ratePerMinute,
      timeWindow: 60_000,
      // After the body is read, so an agent route can tell a decision event from the rest (the error handler answers).
      hook: 'preHandler',
      keyGenerator: (request) => request.principal?.key ?? `ip:${request.ip}`,
      errorResponseBuilder: (_request, ctx) =>
        createError(ErrorCodes.RATE_LIMITED, `Rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`, 429, {
          'retry-after': String(Math.max(1, Math.ceil(ctx.ttl / 1000))),
        }),
    });
  }
  if (opts.maxEventLoopDelayMs > 0 || opts.maxHeapUsedBytes > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs || undefined,
      maxHeapUsedBytes: opts.maxHeapUsedBytes || undefined,
      retryAfter: opts.retryAfterSeconds,
      // Returning nothing lets the request go on; a rejection is answered by the error handler.
      pressureHandler: (request) => {
        const { config } = request.facts.route;
        if (request.is404 || config.scope === 'public') return; // probes and metrics must answer most of all now
        if (config.agent) {
          request.facts.shed = 'overloaded';
          return;
        }
        return Promise.reject(overloaded(opts.retryAfterSeconds));
      },
    });
    app.addHook('preHandler', (request, _reply, done) => {
      done(request.facts.shed ? overloaded(opts.retryAfterSeconds) : undefined);
    });
  }
}

export default fp(limitsPlugin, { name: 'hookhive-limits', dependencies: ['hookhive-body', 'hookhive-access'] });
