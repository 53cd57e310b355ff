// One error vocabulary: every 4xx/5xx the service sends has a stable HOOKS_ERR_* code and one shape.
import { STATUS_CODES } from 'node:http';

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
  RATE_LIMITED: 'HOOKS_ERR_RATE_LIMITED',
  NOT_FOUND: 'HOOKS_ERR_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'HOOKS_ERR_METHOD_NOT_ALLOWED',
  STORE_UNAVAILABLE: 'HOOKS_ERR_STORE_UNAVAILABLE',
  SHUTTING_DOWN: 'HOOKS_ERR_SHUTTING_DOWN',
  BAD_STREAM_ID: 'HOOKS_ERR_BAD_STREAM_ID',
  UPGRADE_REQUIRED: 'HOOKS_ERR_UPGRADE_REQUIRED',
  INTERNAL: 'HOOKS_ERR_INTERNAL',
} as const;
