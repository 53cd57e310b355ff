// The one error handler: every failure leaves in the shape {statusCode, code, error, message}.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCodes, HookError, errorBody } from '../errors.js';
import { HOOK_TYPES } from '../schemas/hook-types.js';

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
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCodes.PAYLOAD_TOO_LARGE },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
    message: 'Content-Type must be application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: ErrorCodes.BAD_JSON },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: ErrorCodes.BAD_JSON, message: 'Body is empty; send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCodes.BAD_JSON },
};

async function errorsPlugin(app: FastifyInstance, opts: { maxPayloadSize: number }) {
  app.setErrorHandler((err: FastifyError | HookError, request, reply) => {
    let status = err.statusCode ?? 500;
    let code: string;
    let message = err.message;
    if (err instanceof HookError) {
      code = err.code;
      reply.headers(err.headers);
    } else if ((err as FastifyError).validation) {
      status = 400;
      ({ code, message } = describeValidation((err as FastifyError).validationContext, (err as FastifyError).validation as ValidationIssue[]));
    } else if (err.code && FASTIFY_CODES[err.code]) {
      const mapped = FASTIFY_CODES[err.code] as { code: string; message?: string };
      code = mapped.code;
      message = mapped.message ?? message;
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        message = `Request body is larger than the limit of ${request.routeOptions.bodyLimit ?? opts.maxPayloadSize} bytes`;
      }
    } else if (status === 400 && (err instanceof SyntaxError || /JSON/i.test(err.message))) {
      code = ErrorCodes.BAD_JSON;
      message = `Malformed JSON: ${err.message}`;
    } else if (status >= 400 && status < 500) {
      code = status === 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.VALIDATION;
    } else {
      status = status >= 500 && status <= 599 ? status : 500;
      code = ErrorCodes.INTERNAL;
      request.log.error({ err }, 'unhandled error');
      message = 'Internal error; it has been logged';
    }
    if (status >= 500) request.log.warn({ code, status }, message);
    app.hive?.metrics.rejected.inc({ code });
    reply.code(status).send(errorBody(status, code, message));
  });

  app.setNotFoundHandler((request, reply) => {
    app.hive?.metrics.rejected.inc({ code: ErrorCodes.NOT_FOUND });
    reply
      .code(404)
      .send(errorBody(404, ErrorCodes.NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

export default fp(errorsPlugin, { name: 'hookhive-errors' });
