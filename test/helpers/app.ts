// Builds a fresh app on the embedded store with test defaults; every test closes what it builds.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOverrides } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';

export async function makeApp(config: Partial<Config> = {}, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(config), overrides);
  await app.ready();
  return app;
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
