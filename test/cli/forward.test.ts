// `hookhive forward`: relays a Claude Code command hook to the service; fail-open unless --fail-closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { makeApp, claudeBody } from '../helpers/app.js';
import { runForward } from '../../src/cli/forward.js';

let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  app = await makeApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hooks/claude`;
});
afterAll(async () => {
  await app.close();
});

async function forward(argv: string[], input: string) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  stdin.end(input);
  const code = await runForward(argv, { stdin, stdout, stderr, env: {} });
  return { code, out, err };
}

describe('hookhive forward', () => {
  it('prints the service answer for a dangerous command and exits 0', async () => {
    const r = await forward(['--url', url], JSON.stringify(claudeBody('rm -rf /')));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('prints {} for a safe command', async () => {
    const r = await forward(['--url', url], JSON.stringify(claudeBody('git status')));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({});
  });

  it('sends X-Agent-Id with --agent-id', async () => {
    await forward(['--url', url, '--agent-id', 'cli-agent'], JSON.stringify(claudeBody('ls')));
    const e = (await app.inject({ url: '/hooks/events?last=1' })).json().events[0];
    expect(e.agent_id).toBe('cli-agent');
  });

  it('fails open silently when the service cannot be reached', async () => {
    const r = await forward(['--url', 'http://127.0.0.1:1/hooks/claude', '--timeout', '2000'], JSON.stringify(claudeBody('rm -rf /')));
    expect(r).toEqual({ code: 0, out: '', err: '' });
  });

  it('with --fail-closed a PreToolUse exits 2 with the reason on stderr', async () => {
    const r = await forward(['--url', 'http://127.0.0.1:1/hooks/claude', '--fail-closed'], JSON.stringify(claudeBody('ls')));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/could not check/);
    const other = await forward(
      ['--url', 'http://127.0.0.1:1/hooks/claude', '--fail-closed'],
      JSON.stringify({ hook_event_name: 'Stop', session_id: 's' }),
    );
    expect(other.code).toBe(0);
  });

  it('a malformed PreToolUse is still answered with a decision (ask), not an error', async () => {
    const r = await forward(['--url', url, '--fail-closed'], JSON.stringify({ hook_event_name: 'PreToolUse', tool_input: 'bad' }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'ask' });
  });

  it('a 4xx from the service is treated like an unreachable service', async () => {
    const wrong = url.replace('/hooks/claude', '/hooks/nowhere');
    const r = await forward(['--url', wrong, '--fail-closed'], JSON.stringify(claudeBody('ls')));
    expect(r.code).toBe(2);
  });

  it('rejects bad options with exit 2', async () => {
    expect((await forward(['--url', 'ftp://x'], '{}')).code).toBe(2);
    expect((await forward(['--bogus'], '{}')).code).toBe(2);
  });
});
