// One POST with bounded retries: network errors, time-outs, 5xx and 429; the body (and its event_id) never changes.
import type { HookClientOptions } from './types.js';

/** Every failure the client reports: the service's `{statusCode, code, message}`, or a network failure. */
export class HookClientError extends Error {
  constructor(
    message: string,
    /** The HTTP status; undefined when no answer came (network error, time-out). */
    readonly statusCode?: number,
    /** The service's stable `HOOKS_ERR_...` code, or `HOOKS_CLIENT_...` for the client's own. */
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HookClientError';
  }
}

interface ErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
}

type Attempt = { ok: true; body: unknown } | { ok: false; error: HookClientError; retryAfter?: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After is seconds or an HTTP date; anything else means "no advice". */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export class Transport {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: HookClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetch ?? fetch;
    this.headers = { 'content-type': 'application/json' };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
  }

  /**
   * Posts `body` and returns the parsed 200 answer. Safe to repeat because every event in it carries its
   * event_id: a retry of something the service already stored is answered with the stored result.
   */
  async post(path: string, body: unknown): Promise<unknown> {
    const text = JSON.stringify(body);
    const retries = Math.max(0, this.opts.retries ?? 2);
    const baseDelay = this.opts.retryDelayMs ?? 100;
    const maxDelay = this.opts.maxRetryDelayMs ?? 5000;
    const deadline = Date.now() + (this.opts.retryBudgetMs ?? 15_000);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(path, text);
      if (outcome.ok) return outcome.body;
      const { error } = outcome;
      const retryable = error.statusCode === undefined || error.statusCode >= 500 || error.statusCode === 429;
      if (!retryable || attempt >= retries) throw error;
      // Full backoff halved by jitter, so a crowd of clients that failed together does not retry together.
      const backoff = Math.min(maxDelay, baseDelay * 2 ** attempt) * (0.5 + Math.random() / 2);
      const delay = Math.min(maxDelay, outcome.retryAfter ?? backoff);
      if (Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }

  private async attempt(path: string, text: string): Promise<Attempt> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method: 'POST',
        headers: this.headers,
        body: text,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, error: new HookClientError(`POST ${path} failed: ${why}`, undefined, 'HOOKS_CLIENT_NETWORK', { cause: err }) };
    }
    const raw = await res.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (res.ok && parsed !== undefined) return { ok: true, body: parsed };
    const e = (parsed ?? {}) as ErrorBody;
    const message = res.ok ? `POST ${path}: the answer was not JSON` : (e.message ?? `POST ${path}: HTTP ${res.status}`);
    return { ok: false, error: new HookClientError(message, res.status, e.code), retryAfter: retryAfterMs(res.headers.get('retry-after')) };
  }
}
