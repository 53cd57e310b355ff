// Sees through wrappers (sudo, env, timeout, xargs, find -exec, ...) and into shells' inline code.
import { DYN, SHELLS, inlined, makeCommand } from './model.js';
import type { AnalysisSink, Nesting, SimpleCommand } from './model.js';
import { findRoots, parseOptions } from './options.js';
import type { OptionSpec } from './options.js';
import { analyseInterpreter, interpreterName } from './inline-code.js';

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

function spec(shortWithValue: string, shortFlags: string, longWithValue: string[] = [], longFlags: string[] = []): OptionSpec {
  const short: Record<string, string> = {};
  const withValue: string[] = [];
  for (const c of shortWithValue) {
    short[c] = c;
    withValue.push(c);
  }
  for (const c of shortFlags) short[c] = c;
  const long: Record<string, string> = {};
  for (const l of longWithValue) {
    long[l] = l;
    withValue.push(l);
  }
  for (const l of longFlags) long[l] = l;
  return { short, long, withValue, stopAtOperand: true };
}

export const SUDO = spec('ugpCrtUThDR', 'bEHnPSiskKlvAe', ['user', 'group', 'prompt', 'close-from', 'role', 'type', 'other-user', 'host', 'chdir', 'chroot'], ['background', 'preserve-env', 'set-home', 'non-interactive', 'stdin', 'login', 'shell', 'edit', 'list', 'validate', 'askpass']);
const DOAS = spec('uC', 'nsL');
const ENV = spec('uCSP', 'i0v', ['unset', 'chdir', 'split-string'], ['ignore-environment', 'null', 'debug']);
// `nice -5 cmd` is the old spelling of `nice -n 5 cmd`.
const NICE: OptionSpec = { ...spec('n', '', ['adjustment']), numeric: 'n' };
const TIME = spec('fo', 'pvaq', ['format', 'output'], ['portability', 'verbose', 'append', 'quiet']);
const TIMEOUT = spec('sk', 'v', ['signal', 'kill-after'], ['preserve-status', 'foreground', 'verbose']);
const WATCH = spec('nqd', 'tbegcxpwrC', ['interval', 'differences', 'equexit'], ['no-title', 'beep', 'errexit', 'chgexit', 'color', 'exec', 'precise', 'no-wrap']);
const XARGS = spec('nLIsPdEa', '0rtpxoi', ['max-args', 'max-lines', 'replace', 'max-chars', 'max-procs', 'delimiter', 'eof', 'arg-file', 'process-slot-var'], ['null', 'no-run-if-empty', 'verbose', 'interactive', 'exit', 'open-tty']);
const EXEC = spec('a', 'cl');
const STDBUF = spec('ioe', '', ['input', 'output', 'error']);
const IONICE = spec('cnp', 'tu', ['class', 'classdata', 'pid'], ['ignore']);
const SSH = spec('BbcDEeFIiJLlmOoPpQRSWw', '46AaCfGgKkMNnqsTtVvXxYy');
const NPX = spec('pc', 'yq', ['package', 'call', 'registry', 'cache'], ['yes', 'no', 'quiet', 'ignore-existing', 'prefer-offline', 'prefer-online']);
const SHELL = spec('oO', 'abcefhkmnptuvxBCEHPTlrsi', [], ['login', 'norc', 'noprofile', 'posix', 'restricted', 'verbose', 'debugger']);
const MAX_XARGS_LINE = 4096;
const PARALLEL_WITH_VALUE = new Set(['-j', '--jobs', '-S', '--sshlogin', '-a', '--arg-file', '-d', '--delimiter', '-I', '-N', '-n', '-L', '--colsep', '-C', '--timeout', '--joblog', '--results']);

type Unwrap = (cmd: SimpleCommand, an: AnalysisSink, at: Nesting) => void;

/** A wrapper whose command is its words after `skip` of them. */
const after =
  (skip: number): Unwrap =>
  (cmd, an, at) =>
    inner(cmd, an, at, cmd.argv.slice(skip), cmd.name);

/** A wrapper whose command is its operands once its own options are parsed. */
const operandsOf =
  (spec: OptionSpec, drop = 0): Unwrap =>
  (cmd, an, at) =>
    inner(cmd, an, at, parseOptions(cmd.argv, spec, 1).operands.slice(drop), cmd.name);

const sudoLike: Unwrap = (cmd, an, at) => {
  const p = parseOptions(cmd.argv, cmd.name === 'doas' ? DOAS : SUDO, 1);
  if (p.flags.has('e') || p.flags.has('edit') || p.flags.has('l') || p.flags.has('list')) return;
  inner(cmd, an, at, skipAssignments(cmd.argv, p.rest), cmd.name);
};

/** A command that runs another command, and how to find it. */
export interface Wrapper {
  unwrap: Unwrap;
  /** False when the name is too common to make the pre-filter parse a command (git). */
  nameIsKeyword?: boolean;
}

/** Every wrapper the analysis sees through: the one list of them (the pre-filter's keywords derive from it). */
export const WRAPPERS: ReadonlyMap<string, Wrapper> = new Map<string, Wrapper>([
  ...['sudo', 'doas', 'run0', 'pkexec'].map((n): [string, Wrapper] => [n, { unwrap: sudoLike }]),
  ['env', {
    unwrap: (cmd, an, at) => {
      const p = parseOptions(cmd.argv, ENV, 1);
      const split = p.values.get('S') ?? p.values.get('split-string');
      const rest = skipAssignments(cmd.argv, p.rest);
      inner(cmd, an, at, split !== undefined ? split.split(/\s+/).filter(Boolean).concat(rest) : rest, cmd.name);
    },
  }],
  ['command', {
    unwrap: (cmd, an, at) => {
      // `command [-p] [-v|-V] name args`: only its own options, before the name, can make it a lookup.
      const a = cmd.argv;
      let i = 1;
      for (; i < a.length && /^-[pvV]+$/.test(a[i]); i++) if (/[vV]/.test(a[i])) return;
      inner(cmd, an, at, a.slice(a[i] === '--' ? i + 1 : i), cmd.name);
    },
  }],
  ...['builtin', 'nohup', 'setsid', 'unbuffer', 'caffeinate', 'torsocks', 'proxychains', 'proxychains4', 'chronic'].map(
    (n): [string, Wrapper] => [n, { unwrap: after(1) }],
  ),
  ['exec', { unwrap: operandsOf(EXEC) }],
  ['nice', { unwrap: operandsOf(NICE) }],
  ['ionice', { unwrap: operandsOf(IONICE) }],
  ['stdbuf', { unwrap: operandsOf(STDBUF) }],
  ['time', { unwrap: operandsOf(TIME) }],
  ['timeout', { unwrap: operandsOf(TIMEOUT, 1) }],
  ...['chroot', 'flock', 'taskset'].map((n): [string, Wrapper] => [
    n,
    { unwrap: (cmd, an, at) => inner(cmd, an, at, cmd.argv.slice(2).filter((w, i) => i > 0 || !w.startsWith('-')), cmd.name) },
  ]),
  ['watch', {
    unwrap: (cmd, an, at) => {
      const p = parseOptions(cmd.argv, WATCH, 1);
      if (p.flags.has('x') || p.flags.has('exec')) return inner(cmd, an, at, p.operands, cmd.name);
      if (p.operands.length > 0) an.script(p.operands.join(' '), inlined(at), cmd.via.concat('watch'));
    },
  }],
  ['xargs', { unwrap: unwrapXargs }],
  ['find', { unwrap: unwrapFind }],
  ['parallel', { unwrap: unwrapParallel }],
  ['eval', {
    unwrap: (cmd, an, at) => {
      if (cmd.argv.length > 1) an.script(cmd.argv.slice(1).join(' '), inlined(at), cmd.via.concat('eval'), cmd.feeders);
    },
  }],
  ['git', {
    nameIsKeyword: false,
    // `git -c alias.x='!cmd' x` runs cmd in a shell.
    unwrap: (cmd, an, at) => {
      const a = cmd.argv;
      for (let i = 1; i + 1 < a.length && a[i].startsWith('-'); i++) {
        const m = a[i] === '-c' ? /^alias\.[^=]+=!(.*)$/s.exec(a[i + 1]) : null;
        if (m !== null) an.script(m[1], inlined(at), cmd.via.concat('git alias'));
      }
    },
  }],
  // `npx cdk@2 destroy` runs cdk; `npx -c 'cmd'` runs shell code. Too common to wake the pre-filter by name.
  ...['npx', 'bunx', 'pnpx'].map((n): [string, Wrapper] => [n, {
    nameIsKeyword: false,
    unwrap: (cmd, an, at) => {
      const p = parseOptions(cmd.argv, NPX, 1);
      const code = p.values.get('c') ?? p.values.get('call');
      if (code !== undefined) an.script(code, inlined(at), cmd.via.concat(cmd.name), cmd.feeders);
      const argv = p.operands.slice();
      if (argv.length > 0) argv[0] = argv[0].replace(/(?<=.)@[^/]*$/, '');
      inner(cmd, an, at, argv, cmd.name);
    },
  }]),
  ['ssh', {
    unwrap: (cmd, an, at) => {
      const p = parseOptions(cmd.argv, SSH, 1);
      if (p.operands.length > 1) an.script(p.operands.slice(1).join(' '), inlined(at), cmd.via.concat('ssh'));
    },
  }],
]);

/** Derives the commands a wrapper runs and records them too (they are what matters). */
export function unwrapCommand(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const w = WRAPPERS.get(cmd.name);
  if (w !== undefined) return w.unwrap(cmd, an, at);
  if (SHELLS.has(cmd.name)) return unwrapShell(cmd, an, at);
  if (interpreterName(cmd.name) !== undefined) analyseInterpreter(cmd, an, at);
}

function unwrapXargs(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const p = parseOptions(cmd.argv, XARGS, 1);
  const placeholder = p.values.get('I') ?? p.values.get('replace') ?? (p.flags.has('i') ? '{}' : undefined);
  // Input from anything but a literal producer is only known at run time: say so, so that
  // `cat list | xargs rm -rf` is judged like `rm -rf $(cat list)` (fail closed), not as `rm -rf`.
  const literal = cmd.feeders.some((f) => f.name === 'echo' || f.name === 'printf' || f.name === 'find');
  const input = literal ? pipedWords(cmd) : [DYN];
  let argv = p.operands.length > 0 ? p.operands : ['echo'];
  if (placeholder !== undefined) {
    // Every placeholder gets the whole input: past a few KB that is quadratic work, so it is unknown instead.
    const line = input.join(' ');
    const value = line === '' || line.length > MAX_XARGS_LINE ? DYN : line;
    argv = argv.map((w) => w.split(placeholder).join(value));
  }
  else argv = argv.concat(input);
  inner(cmd, an, at, argv, cmd.name);
}

function inner(cmd: SimpleCommand, an: AnalysisSink, at: Nesting, argv: string[], wrapper: string): void {
  if (argv.length === 0) return;
  an.addCommand(
    makeCommand(argv, {
      feeders: cmd.feeders,
      argFeeders: cmd.argFeeders,
      stdinText: cmd.stdinText,
      redirects: cmd.redirects,
      via: cmd.via.concat(wrapper),
      cwd: cmd.cwd,
    }),
    // The wrapped command is one level below its wrapper.
    { inline: at.inline, depth: at.depth + 1 },
  );
}

function skipAssignments(a: string[], from: number): string[] {
  let i = from;
  while (i < a.length && ASSIGN.test(a[i])) i++;
  return a.slice(i);
}

/** Words that reach xargs/parallel on stdin when the producer is a literal echo/printf or a find. */
function pipedWords(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const f of cmd.feeders) {
    let words: string[] = [];
    if (f.name === 'echo' || f.name === 'printf') words = f.argv.slice(1).filter((w) => !w.startsWith('-')).join(' ').split(/\s+/).filter(Boolean);
    else if (f.name === 'find') words = findRoots(f.argv).map((r) => (r === '.' ? './' + DYN : r + '/' + DYN));
    for (const w of words) out.push(w);
  }
  return out;
}

function unwrapFind(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const a = cmd.argv;
  const roots = findRoots(a);
  for (let i = 1; i < a.length; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(a[i])) continue;
    let j = i + 1;
    while (j < a.length && a[j] !== ';' && a[j] !== '+') j++;
    const template = a.slice(i + 1, j);
    for (const root of roots.slice(0, 8)) {
      const each = root === '.' ? './' + DYN : root.replace(/\/$/, '') + '/' + DYN;
      inner(cmd, an, at, template.map((w) => w.split('{}').join(each)), 'find ' + a[i]);
    }
    i = j;
  }
}

function unwrapParallel(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const a = cmd.argv;
  let i = 1;
  while (i < a.length && a[i].startsWith('-')) i += PARALLEL_WITH_VALUE.has(a[i]) ? 2 : 1;
  let end = i;
  while (end < a.length && !a[end].startsWith(':::')) end++;
  const template = a.slice(i, end);
  const inputs = end < a.length ? a.slice(end + 1).filter((w) => !w.startsWith(':::')) : pipedWords(cmd);
  if (template.length === 0) return;
  const single = template.length === 1 && /\s/.test(template[0]);
  for (const input of (inputs.length > 0 ? inputs : [DYN]).slice(0, 16)) {
    const argv = template.some((w) => w.includes('{}')) ? template.map((w) => w.split('{}').join(input)) : template.concat(input);
    // `parallel "rm -rf {}"` hands one string to a shell.
    if (single) an.script(argv.join(' '), inlined(at), cmd.via.concat('parallel'));
    else inner(cmd, an, at, argv, 'parallel');
  }
}

function unwrapShell(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const a = cmd.argv;
  if (cmd.name === 'busybox') {
    if (a.length < 2) return;
    return inner(cmd, an, at, a.slice(1), 'busybox');
  }
  const p = parseOptions(a, SHELL, 1);
  const via = cmd.via.concat(`${cmd.name} -c`);
  if (p.flags.has('c')) {
    const code = p.operands[0];
    if (code !== undefined) an.script(code, inlined(at), via, cmd.feeders);
    return;
  }
  // No -c and no script file: the shell runs what arrives on stdin (a heredoc, or a literal echo).
  if (p.operands.length === 0 || p.flags.has('s')) {
    if (cmd.stdinText !== undefined) an.script(cmd.stdinText, inlined(at), cmd.via.concat(`${cmd.name} <<<`));
    for (const f of cmd.feeders) {
      if (f.name === 'echo' || f.name === 'printf') an.script(f.argv.slice(1).filter((w) => !/^-[neE]+$/.test(w)).join(' '), inlined(at), cmd.via.concat(`${f.name} | ${cmd.name}`));
    }
  }
}
