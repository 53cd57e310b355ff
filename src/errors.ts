// One error vocabulary: every 4xx/5xx the service sends has a stable HOOKS_ERR_* code and one shape.
import { STATUS_CODES } from 'node:http';
import { IdempotencyConflictError, StoreUnavailableError } from './store/errors.js';
import { ApprovalClosedError, ApprovalNotFoundError } from './approvals/errors.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

export class HookError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(code: string, message: string, statusCode: number, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HookError';
    this.code = code;
    this.statusCode = statusCode;
    this.headers = headers;
  }
}

export function createError(code: string, message: string, statusCode: number, headers?: Record<string, string>) {
  return new HookError(code, message, statusCode, headers);
}

export function errorBody(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

export const ErrorCodes = {
  BAD_JSON: 'HOOKS_ERR_BAD_JSON',
  VALIDATION: 'HOOKS_ERR_VALIDATION',
  UNKNOWN_HOOK_TYPE: 'HOOKS_ERR_UNKNOWN_HOOK_TYPE',
  PAYLOAD_TOO_LARGE: 'HOOKS_ERR_PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'HOOKS_ERR_UNSUPPORTED_MEDIA_TYPE',
  UNAUTHORIZED: 'HOOKS_ERR_UNAUTHORIZED',
  FORBIDDEN: 'HOOKS_ERR_FORBIDDEN',
  FORBIDDEN_ORIGIN: 'HOOKS_ERR_FORBIDDEN_ORIGIN',
  HOST_NOT_ALLOWED: 'HOOKS_ERR_HOST_NOT_ALLOWED',
  RATE_LIMITED: 'HOOKS_ERR_RATE_LIMITED',
  OVERLOADED: 'HOOKS_ERR_OVERLOADED',
  IDEMPOTENCY_CONFLICT: 'HOOKS_ERR_IDEMPOTENCY_CONFLICT',
  APPROVAL_CLOSED: 'HOOKS_ERR_APPROVAL_CLOSED',
  NOT_FOUND: 'HOOKS_ERR_NOT_FOUND',
  STORE_UNAVAILABLE: 'HOOKS_ERR_STORE_UNAVAILABLE',
  SHUTTING_DOWN: 'HOOKS_ERR_SHUTTING_DOWN',
  BAD_STREAM_ID: 'HOOKS_ERR_BAD_STREAM_ID',
  UPGRADE_REQUIRED: 'HOOKS_ERR_UPGRADE_REQUIRED',
  INTERNAL: 'HOOKS_ERR_INTERNAL',
} as const;

export interface HttpError {
  statusCode: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

/** How a known error leaves over HTTP: our own, and the store's domain errors. Null for anything else. */
export function httpErrorOf(err: unknown): HttpError | null {
  if (err instanceof HookError) return { statusCode: err.statusCode, code: err.code, message: err.message, headers: err.headers };
  if (err instanceof StoreUnavailableError) {
    const retryAfter = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
    return { statusCode: 503, code: ErrorCodes.STORE_UNAVAILABLE, message: err.message, headers: { 'retry-after': retryAfter } };
  }
  if (err instanceof IdempotencyConflictError) {
    return { statusCode: 409, code: ErrorCodes.IDEMPOTENCY_CONFLICT, message: `${err.message}; use a new event_id for new content`, headers: {} };
  }
  if (err instanceof ApprovalClosedError) return { statusCode: 409, code: ErrorCodes.APPROVAL_CLOSED, message: err.message, headers: {} };
  if (err instanceof ApprovalNotFoundError) return { statusCode: 404, code: ErrorCodes.NOT_FOUND, message: err.message, headers: {} };
  return null;
}
