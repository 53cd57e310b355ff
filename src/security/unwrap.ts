// Sees through wrappers (sudo, env, timeout, xargs, find -exec, ...) and into shells' inline code.
import { DYN, SHELLS, inlined, makeCommand } from './model.js';
import type { AnalysisSink, Nesting, SimpleCommand } from './model.js';
import { findRoots, parseOptions } from './options.js';
import type { OptionSpec } from './options.js';
import { analyseInterpreter, interpreterName } from './inline-code.js';
import { finding } from './model.js';
import { hasStdin, fileText, outputOf, stdinOf } from './static-output.js';
import { runWritten } from './deferred.js';

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
const SU = { ...spec('csgGw', 'lmpfP', ['command', 'session-command', 'shell', 'group', 'supp-group', 'whitelist-environment'], ['login', 'preserve-environment', 'pty', 'fast']), stopAtOperand: false };
const RUNUSER = spec('ucsgGw', 'lmpfP', ['user', 'command', 'session-command', 'shell', 'group', 'supp-group', 'whitelist-environment'], ['login', 'preserve-environment', 'pty', 'fast']);
const SETSID = spec('', 'cfw', [], ['ctty', 'fork', 'wait']);
const CHROOT = spec('', '', ['userspec', 'groups'], ['skip-chdir']);
const FLOCK = spec('wEc', 'sxeunoFv', ['timeout', 'wait', 'conflict-exit-code', 'command'], ['shared', 'exclusive', 'unlock', 'nonblock', 'nb', 'close', 'no-fork', 'verbose']);
const TASKSET = spec('', 'acpV', [], ['all-tasks', 'cpu-list', 'pid']);
const UNSHARE = spec('SGRwl', 'muinpUCTfrcK', ['setuid', 'setgid', 'root', 'wd', 'propagation', 'setgroups', 'map-user', 'map-group', 'map-users', 'map-groups', 'load-interp'], ['mount', 'uts', 'ipc', 'net', 'pid', 'user', 'cgroup', 'time', 'fork', 'map-root-user', 'map-current-user', 'kill-child', 'mount-proc', 'keep-caps', 'map-auto']);
const NSENTER = spec('tSGrwW', 'amuinpUCTFeZ', ['target', 'setuid', 'setgid', 'root', 'wd', 'wdns'], ['all', 'mount', 'uts', 'ipc', 'net', 'pid', 'user', 'cgroup', 'time', 'no-fork', 'preserve-credentials', 'follow-context']);
const SYSTEMD_RUN = spec('upEMHs', 'rtPGqdS', ['unit', 'property', 'setenv', 'machine', 'host', 'slice', 'description', 'uid', 'gid', 'working-directory', 'nice', 'on-calendar', 'on-active', 'timer-property', 'service-type'], ['user', 'system', 'scope', 'pty', 'pipe', 'wait', 'collect', 'quiet', 'remain-after-exit', 'same-dir', 'shell', 'no-block']);
const CHRT = spec('T', 'abdefiopmrRv', ['sched-runtime', 'sched-deadline', 'sched-period'], ['all-tasks', 'batch', 'deadline', 'fifo', 'idle', 'other', 'rr', 'reset-on-fork', 'verbose']);
const STRACE = spec('oeEpPsSuIabXU', 'fFcCdDhiqrtTvwxyzVkn', ['output', 'expr', 'env', 'attach', 'path', 'string-limit', 'user', 'summary-sort-by'], ['follow-forks', 'summary-only', 'summary', 'quiet', 'relative-timestamps', 'absolute-timestamps', 'syscall-times', 'no-abbrev', 'decode-fds']);
const AT = spec('qfMt', 'mvlrdcVbK', [], []);
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
  /** Also under any spelling of case (PowerShell's names); the key is lower-case. */
  anyCase?: boolean;
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
  ...['builtin', 'nohup', 'unbuffer', 'caffeinate', 'torsocks', 'proxychains', 'proxychains4', 'chronic', 'fakeroot', 'eatmydata', 'dbus-run-session', 'tini', 'dumb-init', 'catchsegv', 'nocorrect', 'noglob'].map(
    (n): [string, Wrapper] => [n, { unwrap: after(1) }],
  ),
  ['exec', { unwrap: operandsOf(EXEC) }],
  ['nice', { unwrap: operandsOf(NICE) }],
  ['ionice', { unwrap: operandsOf(IONICE) }],
  ['stdbuf', { unwrap: operandsOf(STDBUF) }],
  ['time', { unwrap: operandsOf(TIME) }],
  ['timeout', { unwrap: operandsOf(TIMEOUT, 1) }],
  ['chroot', { unwrap: operandsOf(CHROOT, 1) }],
  ...['gosu', 'su-exec'].map((n): [string, Wrapper] => [n, { unwrap: after(2) }]),
  ['watch', {
    unwrap: (cmd, an, at) => {
      const p = parseOptions(cmd.argv, WATCH, 1);
      if (p.flags.has('x') || p.flags.has('exec')) return inner(cmd, an, at, p.operands, cmd.name);
      if (p.operands.length > 0) an.script(p.operands.join(' '), inlined(at), cmd.via.concat('watch'));
    },
  }],
  ['xargs', { unwrap: unwrapXargs }],
  ['su', { unwrap: unwrapSu }],
  ['runuser', { unwrap: unwrapSu }],
  ['setsid', { unwrap: operandsOf(SETSID) }],
  ['unshare', { unwrap: operandsOf(UNSHARE) }],
  ['nsenter', { unwrap: operandsOf(NSENTER) }],
  ['systemd-run', { unwrap: operandsOf(SYSTEMD_RUN) }],
  ['strace', { unwrap: operandsOf(STRACE) }],
  ['ltrace', { unwrap: operandsOf(STRACE) }],
  ['taskset', { unwrap: (cmd, an, at) => (cmd.argv.some((w) => w === '-p' || w === '--pid' || /^-[ac]*p/.test(w)) ? undefined : operandsOf(TASKSET, 1)(cmd, an, at)) }],
  ['chrt', { unwrap: (cmd, an, at) => (cmd.argv.some((w) => w === '-p' || w === '--pid') ? undefined : operandsOf(CHRT, 1)(cmd, an, at)) }],
  ['flock', { unwrap: unwrapFlock }],
  ['source', { unwrap: unwrapSource }],
  ['.', { unwrap: unwrapSource }],
  ['at', { unwrap: unwrapAt }],
  ['batch', { unwrap: unwrapAt }],
  ['find', { unwrap: unwrapFind }],
  ['parallel', { unwrap: unwrapParallel }],
  ['eval', {
    unwrap: (cmd, an, at) => {
      if (cmd.argv.length > 1) an.script(cmd.argv.slice(1).join(' '), inlined(at), cmd.via.concat('eval'), cmd);
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
      if (code !== undefined) an.script(code, inlined(at), cmd.via.concat(cmd.name), cmd);
      const argv = p.operands.slice();
      if (argv.length > 0) argv[0] = argv[0].replace(/(?<=.)@[^/]*$/, '');
      inner(cmd, an, at, argv, cmd.name);
    },
  }]),
  // PowerShell's Invoke-Expression (any case): its text, or what is piped into it, is PowerShell code.
  ...['iex', 'invoke-expression'].map((n): [string, Wrapper] => [n, { anyCase: true, unwrap: unwrapIex }]),
  ['ssh', {
    unwrap: (cmd, an, at) => {
      const p = parseOptions(cmd.argv, SSH, 1);
      if (p.operands.length > 1) an.script(p.operands.slice(1).join(' '), inlined(at), cmd.via.concat('ssh'));
    },
  }],
]);

/** Derives the commands a wrapper runs and records them too (they are what matters). */
export function unwrapCommand(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const w = WRAPPERS.get(cmd.name) ?? (/[A-Z]/.test(cmd.name) ? anyCase(cmd.name) : undefined);
  if (w !== undefined) return w.unwrap(cmd, an, at);
  // `./x.sh` written earlier in the same command (`echo ... > x.sh; chmod +x x.sh; ./x.sh`).
  if (cmd.argv[0].includes('/') && runWritten(cmd.argv[0], cmd, an, at, 'run', cmd.argv)) return;
  if (SHELLS.has(cmd.name)) return unwrapShell(cmd, an, at);
  if (interpreterName(cmd.name) !== undefined) {
    // A script file it was given that this command downloaded or generated is reported; its code is not read.
    const file = cmd.argv.slice(1).find((x) => !x.startsWith('-'));
    if (file !== undefined) runWritten(file, cmd, an, at, '');
    analyseInterpreter(cmd, an, at);
  }
}

const MAX_XARGS_RUNS = 16;

/** The words xargs reads: static text split as xargs does (quotes, -0, -d), or unknown (DYN). */
function xargsInput(cmd: SimpleCommand, an: AnalysisSink, p: ReturnType<typeof parseOptions>, lines: boolean): string[] {
  const file = p.values.get('a') ?? p.values.get('arg-file');
  const text = file !== undefined ? fileText(file, cmd.cwd, an.state) : stdinOf(cmd, an.state);
  if (text === undefined || text.includes(DYN)) {
    // `find ... | xargs`: each found path is below one of find's roots.
    if (file === undefined && cmd.input?.name === 'find') return findRoots(cmd.input.argv).map((r) => (r === '.' ? './' + DYN : r + '/' + DYN));
    return [DYN];
  }
  const delim = p.flags.has('0') || p.flags.has('null') ? '\0' : p.values.get('d') ?? p.values.get('delimiter');
  if (delim !== undefined) return text.split(delim === '\\n' ? '\n' : delim).filter((w) => w !== '' && w !== '\n');
  if (lines) return text.split('\n').map((l) => l.trim()).filter(Boolean);
  const words: string[] = [];
  for (const m of text.matchAll(/'([^']*)'|"([^"]*)"|((?:\\.|[^\s'"])+)/g)) words.push(m[1] ?? m[2] ?? m[3].replace(/\\(.)/g, '$1'));
  return words;
}

function unwrapXargs(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const p = parseOptions(cmd.argv, XARGS, 1);
  const placeholder = p.values.get('I') ?? p.values.get('replace') ?? (p.flags.has('i') ? '{}' : undefined);
  // Input from anything but a static producer is only known at run time: say so, so that
  // `cat list | xargs rm -rf` is judged like `rm -rf $(cat list)` (fail closed), not as `rm -rf`.
  const input = xargsInput(cmd, an, p, placeholder !== undefined);
  const template = p.operands.length > 0 ? p.operands : ['echo'];
  if (placeholder === undefined) return inner(cmd, an, at, template.concat(input.length > 0 ? input : []), cmd.name);
  // One run per input line; a line past a few KB is unknown (every placeholder gets it: quadratic work).
  const runs = input.length === 0 ? [DYN] : input.slice(0, MAX_XARGS_RUNS);
  for (const line of runs) {
    const value = line.length > MAX_XARGS_LINE ? DYN : line;
    inner(cmd, an, at, template.map((w) => w.split(placeholder).join(value)), cmd.name);
  }
}

function anyCase(name: string): Wrapper | undefined {
  const w = WRAPPERS.get(name.toLowerCase());
  return w?.anyCase === true ? w : undefined;
}

/**
 * `iex 'code'`, `iex (iwr URL)`, `irm URL | iex`: judged as `pwsh -Command code`, with the same feeders (so a
 * download or a decoder feeding it is reported by the remote-exec pack) and runtime text as dynamic code.
 */
function unwrapIex(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const words = cmd.argv.slice(1).filter((w) => !/^-command$/i.test(w));
  const code = words.length > 0 ? words.join(' ') : hasStdin(cmd) ? (stdinOf(cmd, an.state) ?? DYN) : undefined;
  if (code !== undefined) inner(cmd, an, at, ['pwsh', '-Command', code], cmd.name);
}

/** `su -c 'cmd' [user]`, `su root -c cmd`, `runuser -u bob -- cmd`, `runuser -l bob -c cmd`. */
function unwrapSu(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const p = parseOptions(cmd.argv, cmd.name === 'runuser' && cmd.argv.some((w) => w === '-u' || w.startsWith('--user')) ? RUNUSER : SU, 1);
  const code = p.values.get('c') ?? p.values.get('command') ?? p.values.get('session-command');
  if (code !== undefined) return an.script(code, inlined(at), cmd.via.concat(`${cmd.name} -c`), cmd);
  if (p.values.has('u') || p.values.has('user')) return inner(cmd, an, at, p.operands, cmd.name);
  // No command: a login shell reads its commands from stdin when something is piped in.
  if (hasStdin(cmd)) runStdin(cmd, an, at, cmd.name);
}

/** `flock [opts] file cmd args` or `flock [opts] file -c 'cmd'`. */
function unwrapFlock(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const p = parseOptions(cmd.argv, FLOCK, 1);
  const code = p.values.get('c') ?? p.values.get('command');
  if (code !== undefined) return an.script(code, inlined(at), cmd.via.concat('flock -c'), cmd);
  const rest = p.operands.slice(1);
  if (rest[0] === '-c' || rest[0] === '--command') {
    if (rest[1] !== undefined) an.script(rest[1], inlined(at), cmd.via.concat('flock -c'), cmd);
    return;
  }
  inner(cmd, an, at, rest, cmd.name);
}

/** `source file`, `. <(cmd)`, `. /dev/stdin <<< code`: runs the file's code in this shell. */
function unwrapSource(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const a = cmd.argv;
  const file = a[1] === '--' ? a[2] : a[1];
  if (file === undefined) return;
  runScriptOperand(cmd, an, at, file, a.slice(a.indexOf(file)));
}

/** `at now <<< 'cmd'`, `echo cmd | at 10:00`, `at -f job now`: the job's commands run later, as a shell would. */
function unwrapAt(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  const p = parseOptions(cmd.argv, { ...AT, stopAtOperand: false }, 1);
  if (['l', 'r', 'd', 'c', 'V'].some((f) => p.flags.has(f))) return;
  const file = p.values.get('f');
  if (file !== undefined) {
    if (!runWritten(file, cmd, an, at, cmd.name)) an.report(finding('exec.scheduled-file', 'MEDIUM', `${cmd.name} schedules the commands of ${file}, which cannot be checked here.`, cmd));
    return;
  }
  if (hasStdin(cmd)) runStdin(cmd, an, at, cmd.name);
}

/**
 * A shell (or at) runs what arrives on its stdin: static text is walked like any script; text only known at run
 * time is at least asked about (a download or a decoder is reported by the remote-exec pack).
 */
function runStdin(cmd: SimpleCommand, an: AnalysisSink, at: Nesting, who: string): void {
  const code = stdinOf(cmd, an.state);
  if (code !== undefined) return an.script(code, inlined(at), cmd.via.concat(`${who} <<<`));
  // Best effort: static producers among the feeders still show what they would run.
  for (const f of cmd.feeders) {
    const text = f.name === 'echo' || f.name === 'printf' ? outputOf(f, an.state) : undefined;
    if (text !== undefined) an.script(text, inlined(at), cmd.via.concat(`${f.name} | ${who}`));
  }
  an.report(finding('exec.stdin-code', 'MEDIUM', `${who} runs commands read from its input, which is only known at run time, so they cannot be checked.`, cmd));
}

/** A shell's or source's script operand: a file written earlier, `<(cmd)`, or stdin (`-`, /dev/stdin). */
function runScriptOperand(cmd: SimpleCommand, an: AnalysisSink, at: Nesting, file: string, params: string[]): void {
  const who = cmd.name === '.' ? 'source' : cmd.name;
  if (file === '-' || file === '/dev/stdin' || file === '/dev/fd/0' || file === '/proc/self/fd/0') return runStdin(cmd, an, at, who);
  if (file === DYN) {
    const exact = cmd.argv.filter((w) => w === DYN).length;
    const subs = cmd.procSubs ?? [];
    const k = cmd.argv.slice(0, cmd.argv.indexOf(file)).filter((w) => w === DYN).length;
    const producer = exact === subs.length ? subs[k] : undefined;
    const code = producer === undefined ? undefined : outputOf(producer, an.state);
    if (code !== undefined) {
      an.state.pushFrame(params);
      try {
        an.script(code, inlined(at), cmd.via.concat(`${who} <(...)`), cmd);
      } finally {
        an.state.popFrame();
      }
    } else if (subs.length > 0) {
      an.report(finding('exec.stdin-code', 'MEDIUM', `${who} runs commands produced at run time by another command, so they cannot be checked.`, cmd));
    }
    return;
  }
  runWritten(file, cmd, an, at, who, params);
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

/** Words that reach parallel on stdin when the producer is a literal echo/printf or a find. */
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
    if (code === undefined) return;
    // `sh -c 'rm -rf "$1"' _ /`: the words after the code are $0, $1, ...
    an.state.pushFrame(p.operands.slice(1));
    try {
      an.script(code, inlined(at), via, cmd);
    } finally {
      an.state.popFrame();
    }
    return;
  }
  // No -c and no script file: the shell runs what arrives on stdin (a heredoc, a pipe, a redirection).
  if (p.operands.length === 0 || p.flags.has('s')) {
    if (hasStdin(cmd)) runStdin(cmd, an, at, cmd.name);
    return;
  }
  runScriptOperand(cmd, an, at, p.operands[0], p.operands);
}
