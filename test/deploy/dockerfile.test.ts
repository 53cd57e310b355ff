// The Dockerfile, linted (dockerfile-utils) and checked for what the image must be; the replayer itself on small cases.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { canSwitchUser, dockerignore, replayDockerfile, userId } from './dockerfile-replay.js';

const root = new URL('../../', import.meta.url).pathname;
const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
const df = DockerfileParser.parse(text);
const stages = df.getFROMs().map((f) => f.getBuildStage());
const runtimeStart = df.getFROMs().at(-1)!.getRange().start.line;
const runtime = df.getInstructions().filter((i) => i.getRange().start.line > runtimeStart);
const flag = (i: Instruction, name: string) => (i as Copy).getFlags().find((f) => f.getName() === name)?.getValue();
const args = (kw: string) => runtime.filter((i) => i.getKeyword() === kw).map((i) => i.getArguments().map((a) => a.getValue()));

describe('Dockerfile', () => {
  it('lints clean (dockerfile-utils)', () => {
    const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('is multi-stage: dependencies and build in one stage, a runtime stage that copies only the results', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const froms = runtime
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) => flag(i, 'from') ?? []);
    for (const f of froms) expect(stages.slice(0, -1), f).toContain(f);
    expect(args('RUN')).toEqual([]);
  });

  it('installs without install scripts (tree-sitter-bash is used as wasm; slim images have no compiler)', () => {
    const runs = df.getInstructions().filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
    const installs = runs.flatMap((r) => r.split('&&')).filter((c) => /\bnpm (ci|install|i|prune)\b/.test(c));
    expect(installs.length).toBeGreaterThan(0);
    for (const c of installs) expect(c, c).toContain('--ignore-scripts');
  });

  it('runs as the non-root `node` user, owns its files as node, and starts node directly (SIGTERM reaches it)', () => {
    expect(args('USER').at(-1)).toEqual(['node']);
    expect(userId('node')).toBe(1000);
    for (const i of runtime.filter((x) => x.getKeyword() === 'COPY')) {
      expect(flag(i, 'chown')).toBe('node:node');
    }
    const cmd = runtime.find((i) => i.getKeyword() === 'CMD')!;
    expect(cmd.getArgumentsContent()?.trim().startsWith('[')).toBe(true);
    expect(JSON.parse(cmd.getArgumentsContent()!)).toEqual(['node', 'dist/server.js']);
    expect(args('HEALTHCHECK')).toHaveLength(1);
  });

  it('leaves the test suite, local builds and secrets out of the build context', () => {
    const ignored = dockerignore(root);
    for (const p of ['node_modules', 'node_modules/x/y.js', 'dist', '.env', 'test/deploy/x.ts', '.git']) expect(ignored(p), p).toBe(true);
    for (const p of ['src/server.ts', 'package.json', 'package-lock.json', 'public', 'openapi.yaml']) expect(ignored(p), p).toBe(false);
  });
});

describe('the Dockerfile replayer', () => {
  const tmp = mkdtempSync('/var/tmp/hookhive-replay-unit-');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let n = 0;
  /** A build context with these files and Dockerfile; returns the replay's promise. */
  const replay = (dockerfile: string, files: Record<string, string> = {}) => {
    const ctx = join(tmp, `ctx${++n}`);
    for (const [p, body] of Object.entries({ ...files, Dockerfile: dockerfile })) {
      mkdirSync(join(ctx, p, '..'), { recursive: true });
      writeFileSync(join(ctx, p), body);
    }
    const work = join(tmp, `work${n}`);
    mkdirSync(work);
    return replayDockerfile({ dockerfile: join(ctx, 'Dockerfile'), context: ctx, workRoot: work });
  };

  it('copies, runs in WORKDIR, copies between stages with --chown, and keeps the last CMD', async () => {
    const st = await replay(
      'FROM x AS build\nWORKDIR /app\nCOPY a.txt lib ./\nRUN cat a.txt b.txt > out.txt\n' +
        'FROM x\nENV GREETING=hi\nWORKDIR /srv\nCOPY --from=build --chown=node:node /app/out.txt ./\nUSER node\nCMD ["node", "x.js"]\n',
      { 'a.txt': 'A', 'lib/b.txt': 'B' },
    );
    const last = st.at(-1)!;
    expect(readFileSync(join(last.hostWorkdir, 'out.txt'), 'utf8')).toBe('AB');
    if (canSwitchUser) expect(statSync(join(last.hostWorkdir, 'out.txt')).uid).toBe(1000);
    expect(last).toMatchObject({ workdir: '/srv', uid: 1000, env: { GREETING: 'hi' }, cmd: ['node', 'x.js'] });
  });

  it('fails on a COPY of a missing file, of an ignored file, and from an unknown stage', async () => {
    await expect(replay('FROM x\nCOPY missing.json ./\n')).rejects.toThrow(/missing\.json does not exist/);
    await expect(replay('FROM x\nCOPY .env ./\n', { '.env': 'S=1', '.dockerignore': '.env\n' })).rejects.toThrow(/excluded by \.dockerignore/);
    await expect(replay('FROM x\nCOPY --from=nope /a ./\n')).rejects.toThrow(/not an earlier stage/);
  });

  it('leaves ignored files out of a copied directory', async () => {
    const st = await replay('FROM x\nWORKDIR /app\nCOPY src ./src\n', { 'src/a.ts': '', 'src/a.test.ts': '', '.dockerignore': '**/*.test.ts\n' });
    expect(() => statSync(join(st[0].hostWorkdir, 'src/a.test.ts'))).toThrow();
    expect(statSync(join(st[0].hostWorkdir, 'src/a.ts')).isFile()).toBe(true);
  });

  it('fails on a RUN that fails, with its stderr', async () => {
    await expect(replay('FROM x\nRUN echo nope >&2 && false\n')).rejects.toThrow(/exit 1[\s\S]*nope/);
  });

  it.skipIf(!canSwitchUser)('runs RUN as the USER: node cannot write in a WORKDIR root made (needs root here)', async () => {
    const st = replay('FROM x\nWORKDIR /app\nUSER node\nRUN touch made-by-node\n');
    // WORKDIR is root's (as Docker makes it): the node user cannot write there.
    await expect(st).rejects.toThrow(/touch/);
  });

  it('refuses instructions it cannot replay rather than skipping them', async () => {
    await expect(replay('FROM x\nADD https://example.invalid/a ./\n')).rejects.toThrow(/ADD: not replayable/);
  });
});
