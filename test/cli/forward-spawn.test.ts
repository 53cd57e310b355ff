// `hookhive forward` spawned as each agent runs it: its body on stdin, the answer on stdout, the exit code the agent reads.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../helpers/app.js';
import type { DialectName } from '../../src/adapters/table.js';
import { agentBody } from '../helpers/agents.js';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = await makeApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await app.close();
});

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function forward(args: string[], stdin: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'forward', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

/** Per agent: a realistic decision event carrying `command`, and what its deny / ask / allow look like on the way out. */
interface AgentCase {
  args: string[];
  body: (command: string) => Record<string, unknown>;
  deny: (r: Run) => void;
  ask: (r: Run) => void;
  allow: (r: Run) => void;
  /** `--fail-closed` with the service down, on a decision event. */
  failClosed: (r: Run) => void;
}

const json = (r: Run) => JSON.parse(r.out) as Record<string, unknown>;

const CASES: Partial<Record<DialectName, AgentCase>> = {
  claude: {
    args: ['--dialect', 'claude'],
    body: (command) => ({
      session_id: 'sess-spawn', transcript_path: '/home/dev/.claude/projects/p/s.jsonl', cwd: '/home/dev/p',
      permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: `toolu_${command.length}_${Math.random()}`,
      tool_input: { command, description: 'spawned' },
    }),
    deny: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
    },
    ask: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'ask' } });
    },
    allow: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toEqual({});
    },
    failClosed: (r) => {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/blocked because --fail-closed is set/);
    },
  },
  codex: {
    args: ['--dialect', 'codex'],
    body: (command) => agentBody('codex', 'PreToolUse', command, `${command.length}-${Math.random()}`),
    deny: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: expect.stringMatching(/^hookhive: \S/) } });
    },
    // Codex runs a command answered `ask`: the ask goes out as a deny that says a person must approve it.
    ask: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: expect.stringContaining('a person must approve') } });
    },
    allow: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toEqual({});
    },
    failClosed: (r) => {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/blocked because --fail-closed is set/);
    },
  },
  gemini: {
    args: ['--dialect', 'gemini'],
    body: (command) => ({ ...agentBody('gemini', 'BeforeTool', command), timestamp: new Date(Date.now() + Math.random() * 1e6).toISOString() }),
    // Gemini CLI blocks on exit 2 with the reason on stderr (an empty stderr would not block).
    deny: (r) => {
      expect(r.code).toBe(2);
      expect(json(r)).toMatchObject({ decision: 'deny' });
      expect(r.err.trim()).toBe((json(r) as { reason: string }).reason);
    },
    ask: (r) => {
      expect(r.code).toBe(2);
      expect(r.err).toContain('a person must approve');
    },
    allow: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toEqual({});
      expect(r.err).toBe('');
    },
    failClosed: (r) => {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/blocked because --fail-closed is set/);
    },
  },
  cursor: {
    args: ['--dialect', 'cursor'],
    body: (command) => agentBody('cursor', 'beforeShellExecution', command, `${command.length}-${Math.random()}`),
    deny: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ permission: 'deny', user_message: expect.any(String), agent_message: expect.any(String) });
    },
    ask: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ permission: 'ask', user_message: expect.any(String) });
    },
    allow: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toEqual({ permission: 'allow' });
    },
    failClosed: (r) => {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/blocked because --fail-closed is set/);
    },
  },
  copilot: {
    args: ['--dialect', 'copilot', '--event', 'preToolUse'],
    body: (command) => agentBody('copilot', 'preToolUse', command),
    deny: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ permissionDecision: 'deny', permissionDecisionReason: expect.stringContaining('hookhive') });
    },
    ask: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toMatchObject({ permissionDecision: 'ask' });
    },
    allow: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toEqual({});
    },
    // Copilot CLI ignores a preToolUse hook's exit code: the block has to be its own deny, on stdout.
    failClosed: (r) => {
      expect(r.code).toBe(0);
      expect(json(r)).toEqual({ permissionDecision: 'deny', permissionDecisionReason: expect.stringMatching(/blocked because --fail-closed is set/) });
    },
  },
};

describe.each(Object.entries(CASES))('forward --dialect %s, spawned', (_name, c) => {
  it('stops a destructive command in the agent\'s own protocol', async () => {
    c.deny(await forward([...c.args, '--url', base], JSON.stringify(c.body('rm -rf /'))));
  });

  it('asks (or, where the agent cannot ask, denies saying a person must approve) for a risky command', async () => {
    c.ask(await forward([...c.args, '--url', base], JSON.stringify(c.body('sudo systemctl restart nginx'))));
  });

  it('says nothing against an ordinary command', async () => {
    c.allow(await forward([...c.args, '--url', base], JSON.stringify(c.body('git status'))));
  });

  it('fails open silently when the service is down, and exits 2 with --fail-closed', async () => {
    const body = JSON.stringify(c.body('ls'));
    expect(await forward([...c.args, '--url', 'http://127.0.0.1:1'], body)).toEqual({ code: 0, out: '', err: '' });
    c.failClosed(await forward([...c.args, '--url', 'http://127.0.0.1:1', '--fail-closed'], body));
  });
});
