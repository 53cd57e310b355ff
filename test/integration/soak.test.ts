// The soak's short mode (30 s of steady hostile load, Redis killed once) in npm test; its report is printed on failure.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canKillRedis, killSkipNote, noteKillSkip } from '../helpers/redis.js';

noteKillSkip('test/integration/soak.test.ts');

/** Runs `bench/soak.ts` as its own process; past `timeoutMs` it is interrupted (it then stops its children itself). */
function runSoak(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      output += `\n[test] no exit within ${timeoutMs} ms: SIGINT\n`;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!canKillRedis)(`soak, short mode${killSkipNote}`, () => {
  it('30 s of steady hostile load with Redis killed once: every soak check holds', async () => {
    const { code, output } = await runSoak(['--short'], 150_000);
    if (code !== 0) console.error(output);
    expect(code, 'the soak failed: its report is printed above').toBe(0);
  }, 180_000);
});
