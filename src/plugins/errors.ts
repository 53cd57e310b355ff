// The one error handler: every failure leaves in the shape {statusCode, code, error, message} — except a decision
// event on an agent route, which gets a 200 fail-closed decision instead (CONTRACT §3a).
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes, errorBody, httpErrorOf } from '../errors.js';
import { HOOK_TYPES } from '../schemas/hook-types.js';
import { DIALECTS } from '../adapters/index.js';
import { readEventName, sniffEventName } from '../adapters/dialect.js';
import { isDecisionEvent } from '../adapters/table.js';
import { failClosed, type FailCause } from '../pipeline/fail-closed.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
}

const HOOK_TYPE_FIELD = /\/(hook_type|hook_event_name)$/;

function describeValidation(context: string | undefined, issues: ValidationIssue[]): { code: string; message: string } {
  const unknownType = issues.find((i) => HOOK_TYPE_FIELD.test(i.instancePath ?? '') && i.message === 'Expected union value');
  if (unknownType) {
    const field = unknownType.instancePath ?? '';
    return {
      code: ErrorCodes.UNKNOWN_HOOK_TYPE,
      message: `${context ?? 'body'}${field} is not a known hook type; accepted: ${HOOK_TYPES.join(', ')}`,
    };
  }
  // Keep the message short: the first few distinct problems, each with where it is.
  const seen = new Set<string>();
  for (const i of issues) {
    if (i.message === 'Expected union value' && issues.length > 1) continue;
    seen.add(`${context ?? 'body'}${i.instancePath ?? ''}: ${i.message ?? 'invalid'}`);
    if (seen.size >= 3) break;
  }
  return { code: ErrorCodes.VALIDATION, message: [...seen].join('; ') || 'request does not match the schema' };
}

const FASTIFY_CODES: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'Content-Type must be application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: ErrorCodes.BAD_JSON },
};

interface Mapped {
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

function mapError(err: FastifyError, request: FastifyRequest): Mapped {
  const known = httpErrorOf(err);
  if (known) return { status: known.statusCode, code: known.code, message: known.message, headers: known.headers };
  const status = err.statusCode ?? 500;
  if (err.validation) {
    return { status: 400, headers: {}, ...describeValidation(err.validationContext, err.validation) };
  }
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) return { status, code: mapped.code, message: mapped.message ?? err.message, headers: {} };
  if (status >= 400 && status < 500) {
    return { status, code: status === 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.VALIDATION, message: err.message, headers: {} };
  }
  request.log.error({ err }, 'unhandled error');
  return { status: 500, code: ErrorCodes.INTERNAL, message: 'Internal error; it has been logged', headers: {} };
}

/** Why a decision event could not be judged, from the error it met; null: answer the error itself (credentials, Host, Origin). */
function causeOf(m: Mapped): FailCause | null {
  if (m.status === 401 || m.status === 403 || m.status === 421) return null;
  if (m.status === 413) return 'body_too_large';
  if (m.status === 429) return 'rate_limited';
  if (m.code === ErrorCodes.OVERLOADED) return 'overloaded';
  if (m.code === ErrorCodes.STORE_UNAVAILABLE) return 'store_unavailable';
  if (m.code === ErrorCodes.SHUTTING_DOWN) return 'shutting_down';
  if (m.status >= 400 && m.status < 500) return 'bad_body';
  return 'internal';
}

export interface ErrorsOptions {
  /** HOOK_FAIL_DECISION. */
  failDecision: 'ask' | 'deny';
}

async function errorsPlugin(app: FastifyInstance, opts: ErrorsOptions) {
  /** The §3a answer, when the route is an agent route and the request a decision event; else false. */
  const answeredClosed = (err: FastifyError & { head?: string }, m: Mapped, request: FastifyRequest, reply: FastifyReply): boolean => {
    const dialect = DIALECTS[request.routeOptions.config.agent ?? ''];
    const cause = dialect ? causeOf(m) : null;
    if (!dialect || !cause) return false;
    // An unreadable `?event=` is no name at all: the event is then taken for the decision event it may be.
    const eventHint = readEventName(request.query, 'event');
    const name = dialect.eventName(request.body, { eventHint }) ?? sniffEventName(err.head, dialect.eventField) ?? eventHint;
    if (!isDecisionEvent(dialect, name)) return false;
    const decided = failClosed(cause, opts.failDecision, request.facts?.verdict);
    app.metrics.failClosed.inc({ cause });
    request.log.warn({ cause, status: m.status, code: m.code, event: name ?? null }, 'decision event failed closed');
    reply.code(200).send(dialect.answer({ hook_type: name ?? 'PreToolUse', ...decided }));
    return true;
  };

  app.setErrorHandler((err: FastifyError & { head?: string }, request, reply) => {
    const m = mapError(err, request);
    if (answeredClosed(err, m, request, reply)) return;
    if (m.status >= 500) request.log.warn({ code: m.code, status: m.status }, m.message);
    app.metrics.rejected.inc({ code: m.code });
    reply.headers(m.headers).code(m.status).send(errorBody(m.status, m.code, m.message));
  });

  app.setNotFoundHandler((request, reply) => {
    app.metrics.rejected.inc({ code: ErrorCodes.NOT_FOUND });
    reply.code(404).send(errorBody(404, ErrorCodes.NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

export default fp(errorsPlugin, { name: 'hookhive-errors', dependencies: ['hookhive-metrics'] });
