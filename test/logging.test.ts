// Tokens never reach the logs, at any level, however they were sent (CONTRACT §12).
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { makeApp, hookBody, claudeBody } from './helpers/app.js';
import { listen } from './helpers/ws.js';
import { redactUrl } from '../src/logging.js';

const FULL = 'full-SECRET-7f3a9c';
const READ = 'read-SECRET-19be44';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('log redaction', () => {
  it('redactUrl blanks credential parameters and leaves the rest', () => {
    expect(redactUrl('/hooks/events?last=5&token=abc&agent_id=x')).toBe('/hooks/events?last=5&token=[REDACTED]&agent_id=x');
    expect(redactUrl('/hooks/stream?TOKEN=abc')).toBe('/hooks/stream?TOKEN=[REDACTED]');
    expect(redactUrl('/hooks/events')).toBe('/hooks/events');
  });

  it('at trace level, no request line, error line or stored event carries a token', async () => {
    const { lines, stream } = capture();
    const app = await makeApp(
      { LOG_LEVEL: 'trace', HOOK_AUTH_TOKENS: FULL, HOOK_READ_TOKENS: READ },
      { logger: { level: 'trace', stream } },
    );
    try {
      const urls = await listen(app);
      const auth = { authorization: `Bearer ${FULL}` };
      await app.inject({ url: `/hooks/events?last=1&token=${READ}` });
      await app.inject({ url: '/hooks/events?last=1', headers: { authorization: `Bearer ${READ}` } });
      await app.inject({ url: `/hooks/events?token=${FULL}x` }); // a wrong one is a 401, logged
      await app.inject({ method: 'POST', url: '/hooks', payload: hookBody(), headers: { authorization: `Bearer ${READ}` } }); // 403
      // A token inside the event itself (an agent echoing its env) is not stored either.
      await app.inject({ method: 'POST', url: '/hooks/claude', headers: auth, payload: claudeBody(`curl -H "Authorization: Bearer ${FULL}" http://x`) });
      await app.inject({ url: '/nope?token=' + FULL });
      const ws = new WebSocket(urls.ws(`token=${READ}`));
      await new Promise((r) => ws.once('open', r));
      ws.close();
      const sub = new WebSocket(urls.ws(), ['hookhive', `hookhive.bearer.${Buffer.from(READ).toString('base64url')}`]);
      await new Promise((r) => sub.once('open', r));
      sub.close();
      const history = await app.inject({ url: '/hooks/events?last=10', headers: auth });
      expect(history.statusCode).toBe(200);
      expect(history.body).not.toContain(FULL);
      expect(lines.length).toBeGreaterThan(10); // trace really logged the requests
      const all = lines.join('');
      expect(all).toContain('/hooks/events');
      for (const secret of [FULL, READ, Buffer.from(READ).toString('base64url')]) expect(all).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
