// Files one command writes for a later one in the same script to run: `echo 'rm -rf /' > x.sh && bash x.sh`,
// `curl -o i.sh URL; sh i.sh`, `cat > job <<EOF ... EOF; . ./job`. The script's state remembers what each holds.
import { DYN, basename, finding, inlined } from './model.js';
import type { AnalysisSink, Nesting, SimpleCommand } from './model.js';
import { normPath } from './paths.js';
import type { FileContent, ShellState } from './shell-state.js';
import { outputOf, stdinOf } from './static-output.js';
import { DOWNLOADERS } from './rules/remote-exec.js';

const MAX_FILES = 64;

function put(state: ShellState, path: string, content: FileContent, append: boolean): void {
  if (state.files.size >= MAX_FILES && !state.files.has(path)) return;
  const old = state.files.get(path);
  if (append && old !== undefined && old.kind !== 'text') return;
  if (append && old?.kind === 'text' && content.kind === 'text') content = { kind: 'text', text: old.text + content.text };
  state.files.set(path, content);
}

/** What `cmd` writes into `path` when its stdout goes there. */
function printed(cmd: SimpleCommand, text: string | undefined): FileContent {
  if (DOWNLOADERS.has(cmd.name)) return { kind: 'download', by: cmd.name };
  return text === undefined ? { kind: 'unknown', by: cmd.name } : { kind: 'text', text };
}

/** The value of an option in any spelling: `-o f`, `-of`, `-sSLo f`, `--output f`, `--output=f`. */
function optionValue(a: readonly string[], letter: string, long: readonly string[]): string | undefined {
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    for (const l of long) {
      if (w === l) return a[i + 1];
      if (w.startsWith(l + '=')) return w.slice(l.length + 1);
    }
    if (w.length > 1 && w[0] === '-' && w[1] !== '-') {
      const k = w.indexOf(letter);
      if (k > 0) return k === w.length - 1 ? a[i + 1] : w.slice(k + 1);
    }
  }
  return undefined;
}

function urlName(a: readonly string[]): string | undefined {
  const url = a.slice(1).find((w) => /^[a-z]+:\/\//i.test(w));
  if (url === undefined) return undefined;
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '');
  const name = basename(path);
  return name === '' ? 'index.html' : name;
}

/** The file a download tool saves to, if it saves to one (not stdout). */
function downloadTarget(cmd: SimpleCommand): string | undefined {
  const a = cmd.argv;
  let target: string | undefined;
  if (cmd.name === 'curl') {
    target = optionValue(a, 'o', ['--output']);
    if (target === undefined && (a.some((w) => /^-[a-zA-Z]*O[a-zA-Z]*$/.test(w)) || a.includes('--remote-name'))) target = urlName(a);
  } else if (cmd.name === 'wget') {
    target = optionValue(a, 'O', ['--output-document']);
    if (target === undefined) {
      const dir = optionValue(a, 'P', ['--directory-prefix']);
      const name = urlName(a);
      target = name === undefined ? undefined : dir === undefined ? name : `${dir}/${name}`;
    }
  } else if (cmd.name === 'aria2c' || cmd.name === 'fetch') target = optionValue(a, 'o', ['--out', '--output']);
  else if (cmd.name === 'iwr' || cmd.name === 'Invoke-WebRequest') target = optionValue(a, '\u0000', ['-OutFile', '-outfile', '-o']);
  return target === '-' ? undefined : target;
}

/** Records what `cmd` writes into files, for a later command of the script that runs them. */
export function noteWrites(cmd: SimpleCommand, state: ShellState): void {
  const at = (p: string): string | null => {
    const n = normPath(p, cmd.cwd);
    return n === null || n.startsWith('/dev/') ? null : n;
  };
  for (const r of cmd.redirects) {
    if (!/^(>|>>|>\||&>|&>>|1>|1>>)$/.test(r.op)) continue;
    const p = at(r.target);
    if (p !== null) put(state, p, printed(cmd, outputOf(cmd, state)), r.op.endsWith('>>'));
  }
  const dl = DOWNLOADERS.has(cmd.name) ? downloadTarget(cmd) : undefined;
  if (dl !== undefined) {
    const p = at(dl);
    if (p !== null) put(state, p, { kind: 'download', by: cmd.name }, false);
  } else if (cmd.name === 'tee') {
    const text = stdinOf(cmd, state);
    const append = cmd.argv.some((w) => w === '--append' || /^-[a-z]*a/.test(w));
    for (const w of cmd.argv.slice(1)) {
      const p = w.startsWith('-') ? null : at(w);
      if (p !== null) put(state, p, text === undefined ? { kind: 'unknown', by: 'tee' } : { kind: 'text', text }, append);
    }
  } else if (cmd.name === 'cp' || cmd.name === 'mv' || cmd.name === 'install') {
    const ops = cmd.argv.slice(1).filter((w) => !w.startsWith('-'));
    if (ops.length === 2) {
      const src = at(ops[0]);
      const dst = at(ops[1]);
      const content = src === null ? undefined : state.files.get(src);
      if (dst !== null && (content !== undefined || state.files.has(dst))) put(state, dst, content ?? { kind: 'unknown', by: cmd.name }, false);
    }
  }
}

/**
 * Runs a file written earlier in the script, if `path` is one: its text is walked as a script with `params`
 * as positional parameters; a download or an unknown text is reported. False when the file was not written here.
 */
export function runWritten(path: string, cmd: SimpleCommand, an: AnalysisSink, at: Nesting, how: string, params?: readonly string[]): boolean {
  if (path.includes(DYN)) return false;
  const p = normPath(path, cmd.cwd);
  const f = p === null ? undefined : an.state.files.get(p);
  if (f === undefined) return false;
  if (f.kind === 'download') {
    an.report(finding('exec.download', 'HIGH', `Runs ${path}, downloaded by ${f.by} earlier in the command, without review.`, cmd));
  } else if (f.kind === 'unknown') {
    an.report(finding('exec.generated-script', 'MEDIUM', `Runs ${path}, written by ${f.by} earlier in the command, so what it runs cannot be checked.`, cmd));
  } else if (how !== '') {
    an.state.pushFrame(params ?? [path]);
    try {
      an.script(f.text, inlined(at), cmd.via.concat(`${how} ${path}`), cmd);
    } finally {
      an.state.popFrame();
    }
  }
  return true;
}
