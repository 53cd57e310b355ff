// Config: defaults, parsing, and a bad value stops start-up with a message naming the variable.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the contract defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      HOST: '127.0.0.1', PORT: 8000, HOOK_BATCH_SIZE: 100, HOOK_FLUSH_INTERVAL_MS: 1000,
      HOOK_PERFORMANCE_THRESHOLD_MS: 50, HOOK_MAX_PAYLOAD_SIZE: 100000, REDIS_HOOK_STREAMS_TTL: 86400,
      HOOK_SECURITY_VALIDATION_ENABLED: true, HOOK_DANGEROUS_COMMAND_BLOCKING: true, HOOK_MEMORY_MAX_EVENTS: 100000,
    });
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('parses numbers and booleans', () => {
    const c = loadConfig({ PORT: '9001', HOOK_DANGEROUS_COMMAND_BLOCKING: 'false', HOOK_SECURITY_VALIDATION_ENABLED: '0' });
    expect(c.PORT).toBe(9001);
    expect(c.HOOK_DANGEROUS_COMMAND_BLOCKING).toBe(false);
    expect(c.HOOK_SECURITY_VALIDATION_ENABLED).toBe(false);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['HOOK_BATCH_SIZE', '0'],
    ['HOOK_MAX_PAYLOAD_SIZE', '1.5'],
    ['HOOK_DANGEROUS_COMMAND_BLOCKING', 'maybe'],
    ['REDIS_URL', 'localhost:6379'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as ConfigError).variable).toBe(name);
      expect((err as Error).message).toContain(name);
    }
  });

  it('a bad value stops the real start-up with exit 1 and the variable named', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'not-a-port', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT');
  });
});
