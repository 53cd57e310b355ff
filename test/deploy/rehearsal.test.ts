// The image, rehearsed with no Docker engine: the Dockerfile replayed stage by stage into a temp dir, then its CMD
// started there as the image's user on a read-only tree with the k8s Deployment's environment, probed and stopped.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, canSwitchUser, imagePath, replayDockerfile, type StageResult } from './dockerfile-replay.js';
import { readManifests } from './k8s-schema.js';
import { freePort } from '../helpers/service.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';

const root = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync('/var/tmp/hookhive-rehearsal-');
// The image's user must reach the stage directories under it.
chmodSync(tmp, 0o755);
let stages: StageResult[] = [];
let image: StageResult;
let redis: TestRedis | undefined;

/** What readOnlyRootFilesystem does to the image's files: nobody but root may write them. */
function readOnly(path: string, on: boolean): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) for (const e of readdirSync(path)) readOnly(join(path, e), on);
  chmodSync(path, on ? st.mode & ~0o222 : st.mode | 0o200);
}

beforeAll(async () => {
  if (!canSwitchUser) console.warn('test/deploy/rehearsal: not root (or no setpriv): replaying and starting as the current user, not uid 1000');
  const started = Date.now();
  stages = await replayDockerfile({
    dockerfile: join(root, 'Dockerfile'),
    context: root,
    workRoot: tmp,
    // The runner's npm cache, first: the same packages as a registry fetch, like a warm build cache.
    runEnv: { npm_config_cache: join(homedir(), '.npm'), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    runTimeoutMs: 240_000,
  });
  image = stages.at(-1)!;
  console.log(`test/deploy/rehearsal: Dockerfile replayed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 420_000);

afterAll(async () => {
  await redis?.stop();
  if (existsSync(tmp)) {
    if (image) readOnly(image.root, false);
    rmSync(tmp, { recursive: true, force: true });
  }
});

describe('the image, rehearsed', () => {
  it('has the built service and production dependencies only, and nothing of the sources or tests', () => {
    const app = image.hostWorkdir;
    for (const p of ['dist/server.js', 'package.json', 'openapi.yaml', 'public', 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm', 'node_modules/fastify']) {
      expect(existsSync(join(app, p)), p).toBe(true);
    }
    for (const p of ['src', 'test', 'node_modules/typescript', 'node_modules/vitest', '.env']) expect(existsSync(join(app, p)), p).toBe(false);
    expect(image.uid).toBe(1000);
    expect(image.cmd).toEqual(['node', 'dist/server.js']);
  });

  it('starts as its user on a read-only tree with the Deployment\'s environment, gets ready, serves, and exits 0 on SIGTERM', async () => {
    readOnly(image.root, true);
    redis = await startRedis();
    const spool = join(tmp, 'spool');
    mkdirSync(spool);
    if (canSwitchUser) chmodSync(spool, 0o777);
    const deployment = readManifests(join(root, 'deploy/k8s/deployment.yaml'))[0];
    const container = deployment.spec.template.spec.containers[0];
    const podEnv = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const port = await freePort();
    const token = randomBytes(16).toString('hex');
    const env = {
      PATH: imagePath,
      HOME: '/home/node',
      ...image.env,
      ...podEnv,
      // Loopback only here, a free port, a spawned Redis, and the spool's emptyDir as a temp dir.
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: redis.url,
      HOOK_SPOOL_DIR: join(spool, 'hookhive'),
      HOOK_AUTH_TOKENS: token,
    };
    const argv = asUser(image.uid, image.cmd!);
    const proc = spawn(argv[0], argv.slice(1), { cwd: image.hostWorkdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    proc.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
        if (status === 200) break;
        if (proc.exitCode !== null) throw new Error(`the image's CMD exited ${proc.exitCode}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`not ready within 60 s (last status ${status}):\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      // The pod's spool volume is where the outage spool lives (it is opened at start).
      expect(existsSync(env.HOOK_SPOOL_DIR)).toBe(true);
      // The process itself, not just its launcher, is the image's user.
      if (canSwitchUser) expect(readFileSync(`/proc/${proc.pid}/status`, 'utf8')).toMatch(/^Uid:\s+1000\s/m);
      // A judged, stored event: the shell parser's wasm loads from the copied node_modules, Redis takes the write.
      const res = await fetch(`${url}/hooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ hook_type: 'PreToolUse', agent_id: 'rehearsal', payload: { tool_name: 'Bash', tool_input: { command: 'rm -rf /' } } }),
      });
      expect(res.status, output).toBe(200);
      expect(await res.json()).toMatchObject({ success: true, decision: 'deny' });
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGTERM');
    }
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('no exit within 20 s'), 20_000))]);
    if (code === 'no exit within 20 s') proc.kill('SIGKILL');
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/EACCES|EROFS/);
  }, 120_000);
});
