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
  return forwardEnv(argv, input, {});
}

async function forwardEnv(argv: string[], input: string, env: Record<string, string>) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  stdin.end(input);
  const code = await runForward(argv, { stdin, stdout, stderr, env });
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

  it('a 4xx from the service fails like an unreachable service, but is said on stderr (a wrong URL or token)', async () => {
    const wrong = url.replace('/hooks/claude', '/hooks/nowhere');
    const r = await forward(['--url', wrong, '--fail-closed'], JSON.stringify(claudeBody('ls')));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/service answered 404: Route POST \/hooks\/nowhere not found\); blocked/);
    const open = await forward(['--url', wrong], JSON.stringify(claudeBody('rm -rf /')));
    expect(open.code).toBe(0);
    expect(open.out).toBe('');
    expect(open.err).toBe('hookhive forward: service answered 404: Route POST /hooks/nowhere not found; not checked (fail-open)\n');
  });

  it('its own usage errors never exit 2 unless --fail-closed on a decision event (an exit 2 with text blocks every command)', async () => {
    for (const argv of [['--url', 'ftp://x'], ['--bogus'], ['--dialect', 'vim'], ['--event', 'no spaces'], ['--timeout', '-1']]) {
      const r = await forward(argv, JSON.stringify(claudeBody('ls')));
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out, argv.join(' ')).toBe('');
      expect(r.err, argv.join(' ')).toMatch(/^hookhive forward: .*not checked \(fail-open\)/s);
      const closed = await forward([...argv, '--fail-closed'], JSON.stringify(claudeBody('ls')));
      expect(closed.code, argv.join(' ')).toBe(2);
      expect(closed.err).toMatch(/blocked because --fail-closed is set/);
    }
    // A Stop that exits 2 would keep the agent going: not a decision event, so never blocked.
    const stop = await forward(['--bogus', '--fail-closed'], JSON.stringify({ hook_event_name: 'Stop', session_id: 's' }));
    expect(stop.code).toBe(0);
  });

  it('a base URL gets the dialect\'s route', async () => {
    const base = url.replace('/hooks/claude', '');
    const r = await forward(['--url', base], JSON.stringify(claudeBody('rm -rf /')));
    expect(JSON.parse(r.out).hookSpecificOutput.permissionDecision).toBe('deny');
    const viaEnv = await forwardEnv([], JSON.stringify(claudeBody('rm -rf /')), { HOOKHIVE_URL: base, HOOKHIVE_DIALECT: 'claude' });
    expect(JSON.parse(viaEnv.out).hookSpecificOutput.permissionDecision).toBe('deny');
  });
});
