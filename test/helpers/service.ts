// Spawns the real service (`src/server.ts`) as a child process on a free port, as a user would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServiceProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  /** Run the compiled `dist/server.js` (what `npm start` runs) instead of `src/server.ts` through tsx. */
  built?: boolean;
}

export async function spawnService(env: Record<string, string> = {}, opts: SpawnOptions = {}): Promise<ServiceProcess> {
  const port = await freePort();
  let out = '';
  let err = '';
  const proc = spawn(process.execPath, opts.built ? ['dist/server.js'] : ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (c) => (out += c));
  proc.stderr?.on('data', (c) => (err += c));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`service exited ${proc.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`service did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    url,
    port,
    proc,
    stdout: () => out,
    stderr: () => err,
    kill: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}
