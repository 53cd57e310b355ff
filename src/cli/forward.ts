// `hookhive forward`: a Claude Code command hook that relays stdin to the service and prints its answer.
export interface ForwardIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

const USAGE =
  'usage: hookhive forward [--url URL] [--timeout MS] [--agent-id ID] [--token TOKEN] [--fail-closed]\n' +
  '  reads the hook JSON on stdin, posts it, prints the answer; exits 0 when the service cannot be reached\n' +
  '  (fail-open) unless --fail-closed, where a PreToolUse exits 2 with the reason on stderr.\n';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c));
  return Buffer.concat(chunks).toString('utf8');
}

interface ForwardArgs {
  url: string;
  timeoutMs: number;
  agentId?: string;
  token?: string;
  failClosed: boolean;
}

function parseArgs(argv: string[], env: ForwardIo['env']): ForwardArgs | string {
  const args: ForwardArgs = {
    url: env.HOOKHIVE_URL ?? 'http://127.0.0.1:8000/hooks/claude',
    timeoutMs: 5000,
    token: env.HOOKHIVE_TOKEN || undefined,
    failClosed: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--url') args.url = value() ?? '';
    else if (flag === '--timeout') args.timeoutMs = Number(value());
    else if (flag === '--agent-id') args.agentId = value();
    else if (flag === '--token') args.token = value();
    else if (flag === '--fail-closed') args.failClosed = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else return `unknown option ${a}`;
  }
  if (!/^https?:\/\//.test(args.url)) return `--url must be an http(s) URL (got ${JSON.stringify(args.url)})`;
  if (!Number.isFinite(args.timeoutMs) || args.timeoutMs <= 0) return '--timeout must be a positive number of ms';
  return args;
}

export async function runForward(argv: string[], io: ForwardIo): Promise<number> {
  const args = parseArgs(argv, io.env);
  if (args === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    io.stderr.write(`hookhive forward: ${args}\n${USAGE}`);
    return 2;
  }
  const body = await readAll(io.stdin);
  let eventName = 'unknown';
  try {
    const parsed = JSON.parse(body) as { hook_event_name?: unknown };
    if (typeof parsed.hook_event_name === 'string') eventName = parsed.hook_event_name;
  } catch {
    // Not JSON: still forwarded, the service answers 400 and we fail open/closed as below.
  }
  const failure = (why: string): number => {
    if (args.failClosed && eventName === 'PreToolUse') {
      io.stderr.write(`hookhive could not check this command (${why}); blocked because --fail-closed is set\n`);
      return 2;
    }
    return 0;
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (args.agentId) headers['x-agent-id'] = args.agentId;
  if (args.token) headers.authorization = `Bearer ${args.token}`;
  let response: Response;
  try {
    response = await fetch(args.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(args.timeoutMs) });
  } catch (err) {
    return failure(`service unreachable: ${(err as Error).message}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return failure(`service answered ${response.status}`);
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
