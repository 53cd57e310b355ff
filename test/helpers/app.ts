// Builds a fresh app on the embedded store with test defaults; every test closes what it builds.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOverrides } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';

export async function makeApp(
  config: Partial<Config> = {},
  overrides: AppOverrides = {},
  /** Adds test-only routes or hooks before the app is ready. */
  extend?: (app: FastifyInstance) => void,
): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(config), overrides);
  extend?.(app);
  await app.ready();
  return app;
}

/**
 * One app for a describe block (or one per test with `each: true`), closed after it: the set-up every file
 * repeated. Returns a getter, since the app only exists once the hook ran.
 */
export function useApp(config: Partial<Config> = {}, opts: { each?: boolean; overrides?: AppOverrides } = {}): () => FastifyInstance {
  let app: FastifyInstance | undefined;
  const open = async () => {
    app = await makeApp(config, opts.overrides);
  };
  const close = async () => {
    await app?.close();
    app = undefined;
  };
  if (opts.each) {
    beforeEach(open);
    afterEach(close);
  } else {
    beforeAll(open);
    afterAll(close);
  }
  return () => {
    if (!app) throw new Error('useApp: the app is only there inside a test');
    return app;
  };
}

export function hookBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    hook_type: 'PreToolUse',
    agent_id: 'agent-1',
    session_id: 'sess-1',
    payload: { tool_name: 'Bash', tool_input: { command: 'ls -la' } },
    ...overrides,
  };
}

export function claudeBody(command: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: 'c0ffee-session',
    transcript_path: '/home/dev/.claude/projects/x/c0ffee.jsonl',
    cwd: '/home/dev/project',
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'run a command' },
    tool_use_id: `toolu_${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}
