// Replays a Dockerfile with no Docker engine: each stage's filesystem is a directory, COPY copies (honouring
// .dockerignore, --from and --chown), RUN runs under /bin/sh in the stage's WORKDIR with a clean environment.
import { spawn } from 'node:child_process';
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';
import { DockerfileParser, type Copy, type Env, type Instruction, type JSONInstruction } from 'dockerfile-ast';

/** The users the base image (node:*-bookworm-slim) has; any other USER or --chown is an error here. */
const IMAGE_USERS: Record<string, number> = { root: 0, node: 1000 };

export interface StageResult {
  name: string;
  /** The directory standing for the stage's root filesystem. */
  root: string;
  /** WORKDIR, as the image sees it (absolute) and where it is here. */
  workdir: string;
  hostWorkdir: string;
  env: Record<string, string>;
  uid: number;
  /** CMD as an argv (exec form, or `/bin/sh -c` for shell form); null if none. */
  cmd: string[] | null;
}

export interface ReplayOptions {
  dockerfile: string;
  context: string;
  /** Empty directory; stage roots are made under it. */
  workRoot: string;
  /** Added to every RUN's environment (after the stage's ENV), e.g. an npm cache location. */
  runEnv?: Record<string, string>;
  /** Per RUN instruction. */
  runTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Only root can hand files to uid 1000 and run as it (setpriv, as the image's USER does); any other runner replays
 * as itself, and says so.
 */
export const canSwitchUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

/** argv that runs `argv` as `uid` (the image's user) where this machine allows it. */
export function asUser(uid: number, argv: string[]): string[] {
  return uid === 0 || !canSwitchUser ? argv : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...argv];
}

/** A PATH with this machine's node first: the base image's node is on PATH the same way. */
export const imagePath = `${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

export function userId(spec: string): number {
  const name = spec.split(':')[0];
  if (/^\d+$/.test(name)) return Number(name);
  const uid = IMAGE_USERS[name];
  if (uid === undefined) throw new Error(`user ${JSON.stringify(name)} does not exist in the base image`);
  return uid;
}

/** Docker's .dockerignore: later lines win, `!` re-includes, a matched directory excludes what is under it. */
export function dockerignore(context: string): (rel: string) => boolean {
  const file = join(context, '.dockerignore');
  const rules = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => {
          const negate = l.startsWith('!');
          const pat = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, '')).replace(/\/+$/, '');
          const src = pat.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?|\*|\?/g, (m) => (m.startsWith('**') ? '(.*/)?' : m === '*' ? '[^/]*' : '[^/]'));
          return { negate, re: new RegExp(`^${src}$`) };
        })
    : [];
  return (rel: string) => {
    const parts = rel.split('/');
    let ignored = false;
    for (const { negate, re } of rules) {
      for (let n = 1; n <= parts.length; n++) if (re.test(parts.slice(0, n).join('/'))) ignored = !negate;
    }
    return ignored;
  };
}

function chownTree(path: string, uid: number, gid: number): void {
  if (!canSwitchUser) return;
  chownSync(path, uid, gid);
  if (lstatSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

function stageOf(instructions: Instruction[]): { name: string; steps: Instruction[] }[] {
  const stages: { name: string; steps: Instruction[] }[] = [];
  for (const ins of instructions) {
    if (ins.getKeyword() === 'FROM') {
      const from = ins as unknown as { getBuildStage(): string | null };
      stages.push({ name: from.getBuildStage() ?? String(stages.length), steps: [] });
    } else if (stages.length === 0) {
      if (ins.getKeyword() !== 'ARG') throw new Error(`${ins.getKeyword()} before the first FROM`);
    } else {
      stages.at(-1)!.steps.push(ins);
    }
  }
  return stages;
}

/** Replays every stage in order; returns each stage's final state (the last one is the image). */
export async function replayDockerfile(opts: ReplayOptions): Promise<StageResult[]> {
  const log = opts.log ?? (() => {});
  const ignored = dockerignore(opts.context);
  const df = DockerfileParser.parse(readFileSync(opts.dockerfile, 'utf8'));
  const done: StageResult[] = [];
  for (const stage of stageOf(df.getInstructions())) {
    const root = join(opts.workRoot, `stage-${done.length}-${stage.name}`);
    mkdirSync(root, { recursive: true });
    const st: StageResult = { name: stage.name, root, workdir: '/', hostWorkdir: root, env: {}, uid: 0, cmd: null };
    const inStage = (p: string) => join(root, posix.resolve(st.workdir, p));
    for (const ins of stage.steps) {
      const kw = ins.getKeyword();
      const args = ins.getArguments().map((a) => a.getValue());
      const where = `${opts.dockerfile}:${ins.getRange().start.line + 1} ${kw}`;
      log(`${stage.name}: ${kw} ${ins.getArgumentsContent() ?? ''}`);
      switch (kw) {
        case 'WORKDIR':
          st.workdir = posix.resolve(st.workdir, args[0]);
          st.hostWorkdir = join(root, st.workdir);
          mkdirSync(st.hostWorkdir, { recursive: true });
          break;
        case 'ENV':
          for (const p of (ins as Env).getProperties()) st.env[p.getName()] = p.getValue() ?? '';
          break;
        case 'USER':
          st.uid = userId(args[0]);
          break;
        case 'COPY':
          copy(ins as Copy, args, where);
          break;
        case 'RUN':
          await run(ins.getArgumentsContent() ?? '', where);
          break;
        case 'CMD': {
          const json = (ins as JSONInstruction).getJSONStrings();
          st.cmd = json.length > 0 ? json.map((s) => s.getJSONValue()) : ['/bin/sh', '-c', ins.getArgumentsContent() ?? ''];
          break;
        }
        case 'EXPOSE':
        case 'HEALTHCHECK':
        case 'LABEL':
        case 'ARG':
          break; // metadata: nothing on disk
        default:
          throw new Error(`${where}: not replayable here; teach test/deploy/dockerfile-replay.ts about it`);
      }
    }
    done.push(st);

    function copy(ins: Copy, args: string[], where: string): void {
      const flags = new Map(ins.getFlags().map((f) => [f.getName(), f.getValue() ?? '']));
      for (const f of flags.keys()) if (f !== 'from' && f !== 'chown') throw new Error(`${where}: flag --${f} not replayable here`);
      const from = flags.get('from');
      const source = from === undefined ? null : done.find((s) => s.name === from);
      if (from !== undefined && !source) throw new Error(`${where}: --from=${from} is not an earlier stage`);
      const [dest, ...srcs] = [args.at(-1)!, ...args.slice(0, -1)];
      const destDir = dest.endsWith('/') || srcs.length > 1;
      const target = inStage(dest);
      for (const src of srcs) {
        if (/[*?[]/.test(src)) throw new Error(`${where}: wildcards are not replayable here`);
        let path: string;
        if (source) {
          path = join(source.root, posix.resolve('/', src));
        } else {
          const rel = posix.normalize(src).replace(/^\/+/, '').replace(/\/+$/, '');
          if (rel.startsWith('..')) throw new Error(`${where}: ${src} is outside the build context`);
          path = join(opts.context, rel);
          if (rel !== '.' && ignored(rel)) throw new Error(`${where}: ${src} is excluded by .dockerignore`);
        }
        if (!existsSync(path)) throw new Error(`${where}: ${src} does not exist${source ? ` in stage ${source.name}` : ' in the build context'}`);
        // A directory's contents land in the destination; a file lands in it when it is a directory.
        const isDir = lstatSync(path).isDirectory();
        const to = isDir ? target : destDir ? join(target, posix.basename(src)) : target;
        mkdirSync(isDir ? to : dirname(to), { recursive: true });
        cpSync(path, to, {
          recursive: true,
          verbatimSymlinks: true,
          filter: (p) => source !== null || relative(opts.context, p) === '' || !ignored(relative(opts.context, p).split(/[\\/]/).join('/')),
        });
        const chown = flags.get('chown');
        if (chown !== undefined) {
          const [u, g = u] = chown.split(':');
          chownTree(to, userId(u), userId(g));
        }
      }
    }

    async function run(command: string, where: string): Promise<void> {
      if (st.workdir !== '/' && new RegExp(`(^|[\\s=])${st.workdir}(/|\\s|$)`).test(command)) {
        throw new Error(`${where}: an absolute path into the image (${st.workdir}) cannot be replayed in a directory`);
      }
      const env = { PATH: imagePath, HOME: st.uid === 0 ? '/root' : '/home/node', ...st.env, ...opts.runEnv };
      const argv = asUser(st.uid, ['/bin/sh', '-c', command]);
      // Async, so the test runner's worker stays responsive through a minute of npm ci and tsc.
      const child = spawn(argv[0], argv.slice(1), { cwd: st.hostWorkdir, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
      // Its own process group, so a time-out also ends what the shell started (npm, tsc).
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), opts.runTimeoutMs ?? 300_000);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (c, sig) => resolve([c, sig]));
      }).finally(() => clearTimeout(timer));
      if (code !== 0) throw new Error(`${where} failed (${signal ? `killed by ${signal}` : `exit ${code}`}): ${command}\n${stderr}`);
    }
  }
  if (done.length === 0) throw new Error(`${opts.dockerfile}: no FROM`);
  for (const s of done) if (!isAbsolute(s.workdir)) throw new Error(`stage ${s.name}: WORKDIR not absolute`);
  return done;
}
