// `hookhive forward`: any agent's command hook. Relays stdin to the service and gives the agent its answer its own way.
// It runs once per hook, so it loads only the dialect table: no server code, no parser, no schemas.
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { DIALECT_INFO, DIALECT_NAMES, isDecisionEvent, isDialectName, type DialectInfo } from '../adapters/table.js';

export interface ForwardIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

const USAGE =
  'usage: hookhive forward [--dialect ' + DIALECT_NAMES.join('|') + '] [--url URL] [--event NAME] [--timeout MS]\n' +
  '                        [--agent-id ID] [--token TOKEN] [--fail-closed]\n' +
  '  reads the hook JSON on stdin, posts it to URL (a base URL gets /hooks/<dialect>), and answers the agent in its\n' +
  '  own way (JSON on stdout; for Gemini CLI a deny also exits 2 with the reason on stderr). When the service\n' +
  '  cannot be reached, or forward itself fails, it exits 0 (fail-open; a 4xx answer such as a wrong token is said\n' +
  '  on stderr) unless --fail-closed: then a decision event exits 2 with the reason on stderr. --event names the\n' +
  '  event for agents whose JSON has no name (Copilot CLI).\n';

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

interface ForwardArgs {
  dialect: DialectInfo;
  url: string;
  event?: string;
  timeoutMs: number;
  agentId?: string;
  token?: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One POST through node:http (node:https for https URLs). Not fetch: loading fetch's implementation costs about 75 ms,
 * more than everything else forward does, and forward runs once per hook.
 */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    const opts: RequestOptions = { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs };
    const req = send(u, opts, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // `timeout` is idle time on the socket; the whole exchange is bounded too.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

/** The route URL: a bare base URL (no path) gets the dialect's route. */
function routeUrl(raw: string, dialect: DialectInfo): string {
  const u = new URL(raw);
  if (u.pathname === '/' || u.pathname === '') u.pathname = `/hooks/${dialect.name}`;
  return u.toString();
}

/**
 * A usage error, with what could still be read of the rest: how the agent is answered (its dialect) and which event
 * it sent decide whether forward fails open or closed — a Stop hook that exits 2 would keep the agent going.
 */
interface UsageError {
  error: string;
  dialect?: DialectInfo;
  event?: string;
}

/** The arguments, `'help'`, or a usage error. Every argument is read before the first error is reported. */
function parseArgs(argv: string[], env: ForwardIo['env']): ForwardArgs | 'help' | UsageError {
  let dialectName: string = env.HOOKHIVE_DIALECT || 'claude';
  let url = env.HOOKHIVE_URL || 'http://127.0.0.1:8000';
  let event: string | undefined;
  let timeoutMs = 5000;
  let agentId: string | undefined;
  let token = env.HOOKHIVE_TOKEN || undefined;
  let unknown: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--dialect') dialectName = value();
    else if (flag === '--url') url = value();
    else if (flag === '--event') event = value();
    else if (flag === '--timeout') timeoutMs = Number(value());
    else if (flag === '--agent-id') agentId = value();
    else if (flag === '--token') token = value();
    else if (flag === '--fail-closed') continue;
    else if (flag === '--help' || flag === '-h') return 'help';
    else unknown ??= `unknown option ${JSON.stringify(a)}`;
  }
  const dialect = isDialectName(dialectName) ? DIALECT_INFO[dialectName] : undefined;
  const plainEvent = event !== undefined && PLAIN_NAME.test(event) ? event : undefined;
  const fail = (error: string): UsageError => ({ error, dialect, event: plainEvent });
  if (unknown) return fail(unknown);
  if (!dialect) return fail(`--dialect must be one of ${DIALECT_NAMES.join(', ')} (got ${JSON.stringify(dialectName)})`);
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) return fail(`--url must be an http(s) URL (got ${JSON.stringify(url)})`);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return fail('--timeout must be a positive number of ms');
  if (event !== undefined && plainEvent === undefined) return fail(`--event must be a plain event name (got ${JSON.stringify(event)})`);
  return { dialect, url: routeUrl(url, dialect), event, timeoutMs, agentId, token };
}

/** The event name: the body's own field, else --event; undefined when it cannot be read. */
function eventOf(body: string, dialect: DialectInfo, event: string | undefined): string | undefined {
  if (dialect.eventField) {
    try {
      const parsed: unknown = JSON.parse(body);
      const name = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[dialect.eventField] : undefined;
      if (typeof name === 'string' && PLAIN_NAME.test(name)) return name;
    } catch {
      // Not JSON: the service answers a decision event anyway; here it only decides how to fail.
    }
  }
  return event;
}

/** The agent's deny, built from the table's paths: `{<decisionPath>: 'deny', <reasonPath>: reason}`. */
function denyAnswer(dialect: DialectInfo, reason: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (path: string, value: string) => {
    const keys = path.split('.');
    let o = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = value;
  };
  put(dialect.decisionPath, 'deny');
  put(dialect.reasonPath, reason);
  return out;
}

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** `: <message>` from the service's error body (the shared error shape), or nothing. */
function errorDetail(text: string): string {
  try {
    const message: unknown = (JSON.parse(text) as Record<string, unknown> | null)?.message;
    return typeof message === 'string' && message ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

/** Runs forward; resolves to the exit code. Never rejects: its own failures follow the fail-open/fail-closed choice. */
export async function runForward(argv: string[], io: ForwardIo): Promise<number> {
  const failClosed = argv.includes('--fail-closed');
  let decisionEvent = true;
  const args = parseArgs(argv, io.env);
  const dialect = args === 'help' ? undefined : args.dialect;
  /** `tell`: forward's own mistake (usage, a crash), said on stderr; an unreachable service fails open silently (CONTRACT §8). */
  const failure = (why: string, tell = false, help = ''): number => {
    if (failClosed && decisionEvent) {
      // The reason reaches the agent (and its model): one sentence, the usage text only on stderr.
      const reason = `hookhive could not check this (${why}); blocked because --fail-closed is set`;
      if (dialect?.failClosedBy === 'json') {
        io.stdout.write(`${JSON.stringify(denyAnswer(dialect, reason))}\n`);
        if (help) io.stderr.write(help);
        return 0;
      }
      io.stderr.write(`${reason}\n${help}`);
      return 2;
    }
    // Exit 0, never 2: agents read an exit 2 with text as a block, so a broken forwarder would stop every command.
    if (tell) io.stderr.write(`hookhive forward: ${why}; not checked (fail-open)\n${help}`);
    return 0;
  };
  try {
    if (args === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    const body = await readAll(io.stdin);
    if ('error' in args) {
      // Whether the agent waits on this event still decides how to fail: a Stop hook that exits 2 keeps the agent going.
      decisionEvent = !args.dialect || isDecisionEvent(args.dialect, eventOf(body, args.dialect, args.event));
      return failure(args.error, true, USAGE);
    }
    decisionEvent = isDecisionEvent(args.dialect, eventOf(body, args.dialect, args.event));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (args.agentId) headers['x-agent-id'] = args.agentId;
    if (args.token) headers.authorization = `Bearer ${args.token}`;
    const url = args.event ? `${args.url}${args.url.includes('?') ? '&' : '?'}event=${encodeURIComponent(args.event)}` : args.url;
    let response: { status: number; text: string };
    try {
      response = await post(url, headers, body, args.timeoutMs);
    } catch (err) {
      return failure(`service unreachable: ${(err as Error).message}`);
    }
    const { status, text } = response;
    if (status < 200 || status > 299) {
      // A 4xx other than a time-out or a rate limit is a set-up mistake (a wrong token or URL): said on stderr, or
      // every command would go unchecked without a sign. A 5xx is the service being away: silent (CONTRACT §8).
      const setup = status >= 400 && status < 500 && status !== 408 && status !== 429;
      return failure(`service answered ${status}${setup ? errorDetail(text) : ''}`, setup);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      return failure('the service answered something that is not JSON');
    }
    io.stdout.write(`${JSON.stringify(answer)}\n`);
    if (args.dialect.denyBy === 'exit2' && at(answer, args.dialect.decisionPath) === 'deny') {
      const reason = at(answer, args.dialect.reasonPath);
      io.stderr.write(`${typeof reason === 'string' && reason ? reason : 'hookhive: blocked'}\n`);
      return 2;
    }
    return 0;
  } catch (err) {
    return failure(`forward failed: ${(err as Error).message}`, true);
  }
}
