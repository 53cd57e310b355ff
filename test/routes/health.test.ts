// Health, readiness and Prometheus metrics.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp, hookBody } from '../helpers/app.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('health', () => {
  it('/health/hooks reports healthy with the seed fields', async () => {
    app = await makeApp();
    await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
    const res = await app.inject({ url: '/health/hooks' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'healthy', performance_violations: 0 });
    expect(body.avg_processing_time_ms).toBeGreaterThanOrEqual(0);
    expect(body.p95_processing_time_ms).toBeGreaterThanOrEqual(0);
    expect(body.store).toMatchObject({ kind: 'memory', status: 'up', events: 1 });
    expect(body.metrics).toMatchObject({ hooks_processed: 1 });
  });

  it('turns degraded when hooks are slower than the threshold', async () => {
    app = await makeApp({ HOOK_PERFORMANCE_THRESHOLD_MS: 0.000001 });
    for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
    const body = (await app.inject({ url: '/health/hooks' })).json();
    expect(body.status).toBe('degraded');
    expect(body.performance_violations).toBe(5);
  });

  it('live is 200; ready is 200; an embedder\'s app.close() marks the app as shutting down first', async () => {
    const built = await buildApp(testConfig());
    app = built;
    let during: boolean | undefined;
    built.addHook('preClose', async () => {
      during = built.lifecycle.shuttingDown;
    });
    await built.ready();
    expect((await built.inject({ url: '/health/live' })).json()).toEqual({ status: 'ok' });
    expect((await built.inject({ url: '/health/ready' })).statusCode).toBe(200);
    expect(built.lifecycle.shuttingDown).toBe(false);
    await built.close();
    expect(during).toBe(true);
  });

  it('/metrics exposes hooks_* in Prometheus text format', async () => {
    app = await makeApp();
    await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
    await app.inject({ method: 'POST', url: '/hooks', payload: hookBody({ payload: { command: 'rm -rf /' } }) });
    await app.inject({ method: 'POST', url: '/hooks', payload: '{', headers: { 'content-type': 'application/json' } });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/hooks_processed_total\{hook_type="PreToolUse",decision="allow"\} 1/);
    expect(text).toMatch(/hooks_processed_total\{hook_type="PreToolUse",decision="deny"\} 1/);
    expect(text).toMatch(/hooks_blocked_total\{hook_type="PreToolUse"\} 1/);
    expect(text).toMatch(/hooks_processing_seconds_bucket\{[^}]*hook_type="PreToolUse"[^}]*\}/);
    expect(text).toMatch(/hooks_performance_threshold_violations_total 0/);
    expect(text).toMatch(/hooks_store_events 2/);
    expect(text).toMatch(/hooks_rejected_total\{code="HOOKS_ERR_BAD_JSON"\} 1/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });

  it('two apps in one process keep separate metrics', async () => {
    app = await makeApp();
    const other = await makeApp();
    await app.inject({ method: 'POST', url: '/hooks', payload: hookBody() });
    const text = (await other.inject({ url: '/metrics' })).body;
    expect(text).not.toMatch(/hooks_processed_total\{/);
    // Start-up warms the validator without counting a validation no hook asked for.
    expect(text).not.toMatch(/hooks_security_validations_total\{/);
    await other.close();
  });
});
