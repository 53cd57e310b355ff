// JSON bodies at the edge: read within the route's limit, parsed without prototype keys, bounded in depth.
import fp from 'fastify-plugin';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { createError, ErrorCodes, type HookError } from '../errors.js';
import { sanitizeJson, type SanitizeNotes } from '../json/sanitize.js';
import type { SecurityVerdict } from '../security/types.js';

/**
 * The matched route's options, read once: Fastify's `request.routeOptions` builds a new object on every
 * access, and every hook of every request wants them.
 */
export interface RouteFacts {
  config: FastifyContextConfig;
  bodyLimit: number | undefined;
  url: string | undefined;
}

/** What the edge learned about a request, for the route and the error handler. */
export interface RequestFacts {
  route: RouteFacts;
  /** What sanitizing changed in the body (depth, prototype keys). */
  notes: SanitizeNotes;
  /** Per item, on a route whose body is a list of events (`config.bodyItems`): what sanitizing changed in each. */
  itemNotes?: SanitizeNotes[];
  /** The start of a body that could not be parsed or was too large: enough to read an event name from. */
  head?: string;
  /** Set by load shedding on routes that answer decision events themselves (the agent routes). */
  shed?: 'overloaded';
  /** The verdict once the event was judged: a failure after that (storing) answers no less strictly. */
  verdict?: SecurityVerdict;
}

declare module 'fastify' {
  interface FastifyRequest {
    facts: RequestFacts;
  }
  interface FastifyContextConfig {
    /** The body's field holding a list of events: each is bounded on its own, and its notes kept apart. */
    bodyItems?: string;
  }
}

const FACTS = Symbol('hookhive.facts');

/** Bytes of a refused body kept for reading its event name. */
const HEAD_BYTES = 64 * 1024;

export interface BodyOptions {
  maxJsonDepth: number;
  /** The limit of routes that set none. */
  defaultLimit: number;
}

type BodyError = HookError & { head?: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tooLarge(limit: number, head: string): BodyError {
  return Object.assign(createError(ErrorCodes.PAYLOAD_TOO_LARGE, `Request body is larger than the limit of ${limit} bytes`, 413), { head });
}

/** How much of a refused body is still read (and thrown away) so that its sender can read the answer. */
const DRAIN_BYTES = 256 * 1024 * 1024;

/**
 * Reads the body up to `limit`. Past it, keeps the head (to read an event name from), reads and discards the
 * rest, and only then rejects: an answer sent while the client is still sending is followed by a closed
 * connection, which most clients see as a reset, not as the answer — and an agent takes "no answer" as
 * "go ahead". A body that keeps coming past DRAIN_BYTES is refused there and then.
 */
function readBody(payload: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(payload.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const refuse = () => {
      stop();
      reject(tooLarge(limit, Buffer.concat(chunks).subarray(0, HEAD_BYTES).toString('utf8')));
    };
    const onData = (chunk: Buffer) => {
      // Within the limit everything is kept; past it, only what the head still needs.
      if (size <= limit || size < HEAD_BYTES) chunks.push(chunk);
      size += chunk.length;
      if (size > limit) over = true;
      if (over && size > DRAIN_BYTES) refuse();
    };
    const onEnd = () => {
      if (over) return refuse();
      stop();
      resolve((chunks.length === 1 ? (chunks[0]) : Buffer.concat(chunks)).toString('utf8'));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

async function bodyPlugin(app: FastifyInstance, opts: BodyOptions) {
  // Made on first use rather than in a hook: most requests need them, but a hook per request costs more.
  app.decorateRequest(FACTS, null);
  app.decorateRequest('facts', {
    getter(this: FastifyRequest) {
      const self = this as FastifyRequest & { [FACTS]: RequestFacts | null };
      if (self[FACTS] === null) {
        const { config, bodyLimit, url } = this.routeOptions;
        self[FACTS] = { route: { config, bodyLimit, url }, notes: {} };
      }
      return self[FACTS];
    },
  });
  // Only JSON is accepted; Fastify's default text/plain parser would turn a 415 into a confusing 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', async (request: FastifyRequest, payload: IncomingMessage) => {
    const limit = request.facts.route.bodyLimit ?? opts.defaultLimit;
    const encoding = request.headers['content-encoding']?.trim();
    if (encoding && encoding.toLowerCase() !== 'identity') {
      // Read to the end first, so the sender gets the answer rather than a reset (see readBody).
      await readBody(payload, limit);
      throw createError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `Content-Encoding "${encoding.slice(0, 40)}" is not supported; send the JSON uncompressed`, 415);
    }
    let text = await readBody(payload, limit);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') throw createError(ErrorCodes.BAD_JSON, 'Body is empty; send a JSON object', 400);
    let value: unknown;
    try {
      // JSON.parse is iterative (any depth) and makes `__proto__` an own key, never the prototype.
      value = JSON.parse(text);
    } catch (err) {
      throw Object.assign(createError(ErrorCodes.BAD_JSON, `Malformed JSON: ${(err as Error).message}`, 400), {
        head: text.slice(0, HEAD_BYTES),
      });
    }
    const itemsKey = request.facts.route.config.bodyItems;
    const items = itemsKey && isRecord(value) ? value[itemsKey] : undefined;
    if (Array.isArray(items)) {
      // Each event is bounded as if it were posted alone; the wrapper around them adds two levels.
      request.facts.itemNotes = items.map((item) => sanitizeJson(item, opts.maxJsonDepth));
      request.facts.notes = sanitizeJson(value, opts.maxJsonDepth + 2);
    } else {
      request.facts.notes = sanitizeJson(value, opts.maxJsonDepth);
    }
    return value;
  });
}

export default fp(bodyPlugin, { name: 'hookhive-body' });
