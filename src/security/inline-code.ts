// Looks into interpreters' inline code (python -c, perl -e, node -e, ...) for destructive or shell-running calls.
import { DYN, finding, inlined } from './model.js';
import type { AnalysisSink, Nesting, SimpleCommand } from './model.js';
import { judgeDeletes } from './inline-delete.js';
import { q } from './rules/rule.js';

interface InterpreterSpec {
  /** Options whose value is inline code. */
  code: readonly string[];
  /** Single-letter options that may be clustered in front of the code option (`perl -ne`, `python -Bc`). */
  cluster?: RegExp;
  /** Other names of the same interpreter. */
  aliases?: readonly string[];
  /** Also known with a version suffix (`python3.12`, `perl5`, `node20`). */
  versioned?: boolean;
}

/** Every interpreter whose inline code is scanned: the one list of them. */
const INTERPRETERS: Readonly<Record<string, InterpreterSpec>> = {
  python: { code: ['-c'], cluster: /^-[BdEhiIOqsSuvVx]*c$/, versioned: true },
  perl: { code: ['-e', '-E'], cluster: /^-[ablnpstwWX0-9]*[eE]$/, versioned: true },
  ruby: { code: ['-e'], cluster: /^-[adlnpswWv]*e$/, versioned: true },
  node: { code: ['-e', '--eval', '-p', '--print'], aliases: ['nodejs'], versioned: true },
  bun: { code: ['-e', '--eval', '-p', '--print'], versioned: true },
  deno: { code: ['eval'], versioned: true },
  php: { code: ['-r'], versioned: true },
  lua: { code: ['-e'], versioned: true },
  // PowerShell's options are read by pwshCode (any case, any unambiguous prefix, -EncodedCommand).
  pwsh: { code: [], aliases: ['powershell', 'pwsh.exe', 'powershell.exe'], versioned: true },
  osascript: { code: ['-e'], versioned: true },
  // awk's program is its first operand: see awkProgram.
  awk: { code: [], aliases: ['gawk', 'mawk', 'nawk'] },
};

// [name, kind] for every name an interpreter is run by.
const NAMES: [string, string][] = Object.entries(INTERPRETERS).flatMap(([kind, s]) => [kind, ...(s.aliases ?? [])].map((n): [string, string] => [n, kind]));

/** Every name an interpreter is run by, without version suffixes (the pre-filter's keywords). */
export const INTERPRETER_NAMES: readonly string[] = NAMES.map(([n]) => n);

const KIND = new Map(NAMES);
const VERSIONED = new RegExp(`^(${NAMES.filter(([, kind]) => INTERPRETERS[kind].versioned === true).map(([n]) => n).join('|')})\\d+(\\.\\d+)*$`);

/** The interpreter a command name runs (`python3.12` → `python`, `nodejs` → `node`), if any. */
export function interpreterName(name: string): string | undefined {
  const m = KIND.get(name) ?? VERSIONED.exec(name)?.[1];
  if (m !== undefined) return KIND.get(m);
  // Windows finds PowerShell under any case (PowerShell.exe, PWSH).
  return /[A-Z]/.test(name) && KIND.get(name.toLowerCase()) === 'pwsh' ? 'pwsh' : undefined;
}

/** awk's program is its first operand (after -F/-v/-e); `-f file` runs a file we do not read. */
function awkProgram(a: readonly string[]): string | undefined {
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (w === '--') return a[i + 1];
    if (w === '-e' || w === '--source') return a[i + 1];
    if (w.startsWith('--source=')) return w.slice('--source='.length);
    if (w === '-f' || w.startsWith('--file')) return undefined;
    if (w === '-F' || w === '-v') i++;
    else if (!w.startsWith('-')) return w;
  }
  return undefined;
}

/** Extracts the inline code an interpreter would run: from its code option, or a heredoc on stdin. */
function inlineCode(cmd: SimpleCommand): string | undefined {
  const kind = interpreterName(cmd.name);
  if (kind === undefined) return undefined;
  if (kind === 'awk') return awkProgram(cmd.argv);
  if (kind === 'pwsh') return pwshCode(cmd.argv, cmd.stdinText);
  const s = INTERPRETERS[kind];
  const a = cmd.argv;
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (s.code.includes(w) || (s.cluster !== undefined && s.cluster.test(w))) return a[i + 1];
    const eq = s.code.find((c) => c.startsWith('--') && w.startsWith(c + '='));
    if (eq !== undefined) return w.slice(eq.length + 1);
    if (!w.startsWith('-')) break;
  }
  const script = a.slice(1).find((w) => !w.startsWith('-'));
  if ((script === undefined || script === '-') && cmd.stdinText !== undefined) return cmd.stdinText;
  return undefined;
}

// PowerShell parameters that take a value (so the word after them is not the script), by their shortest prefix.
const PWSH_VALUE = /^-(ex\w*|f\w*|w\w*|v\w*|o\w*|i\w*|se\w*|settingsf\w*|configurationn\w*|wd|workingd\w*|ps\w*)$/i;

/**
 * The code `pwsh`/`powershell` runs: -Command (any prefix down to -c), -EncodedCommand (-e, -enc, -ec: base64 of
 * UTF-16LE text, decoded here), or its stdin with `-Command -`. Undefined for a script file or no code.
 */
function pwshCode(a: readonly string[], stdin: string | undefined): string | undefined {
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (/^-(c|co|com|comm|comma|comman|command)$/i.test(w)) {
      const rest = a.slice(i + 1);
      return rest.length === 1 && rest[0] === '-' ? stdin : rest.length > 0 ? rest.join(' ') : undefined;
    }
    if (/^-(e|ec|en|enc|enco|encod|encode|encoded|encodedc\w*)$/i.test(w)) {
      const b64 = a[i + 1];
      if (b64 === undefined || b64.includes(DYN) || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return b64 === undefined ? undefined : DYN;
      return ENCODED + Buffer.from(b64, 'base64').toString('utf16le');
    }
    if (!w.startsWith('-')) return undefined;
    if (PWSH_VALUE.test(w)) i++;
  }
  return undefined;
}

// Marks code that arrived base64-encoded (-EncodedCommand): hiding it is itself worth a human's look.
const ENCODED = '\u0005';
// PowerShell runs text as code (iex) that it fetched (iwr, irm, WebClient) or decoded from base64.
const PS_EVAL = /\b(iex|invoke-expression|\[scriptblock\]::create)\b|&\s*\(/i;
const PS_DOWNLOAD = /\b(iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|downloaddata|downloadfile|net\.webclient|start-bitstransfer|curl|wget)\b/i;
const PS_DECODE = /\bfrombase64string\b/i;

// Calls that delete, overwrite or wipe files, in the common scripting languages.
const DESTRUCTIVE =
  /\b(rmtree|remove_tree|rmSync|rmdirSync|unlinkSync|unlink|removedirs|remove_dir_all|rm_rf|rm_r|FileUtils\.rm\w*|FileUtils\.remove\w*|os\.remove|os\.rmdir|shutil\.move|Remove-Item|truncate|rimraf|emptyDirSync|removeSync|Path\([^)]*\)\.unlink|rmdir|Deno\.remove(?:Sync)?|promises\.rm|fs\.rm|File\.delete)\b/;
const WRITES = /\b(open\([^)]*['"][wa]|writeFileSync|writeFile|appendFileSync|write_text|write_bytes|File\.write|fopen|file_put_contents|Set-Content)\b/;
const SYSTEM_PATH = /['"](\/|\/(etc|boot|bin|sbin|usr|lib|var|dev|root|home)(\/[^'"]*)?|~|~\/[^'"]*)['"]/;
const RUNS_SHELL = /\|\s*"[^"]*"|"[^"]*"\s*\|\s*getline|\b(os\.system|os\.popen|subprocess|system|exec|execSync|spawnSync|spawn|popen|shell_exec|passthru|proc_open|Popen|check_output|check_call|run)\s*\(|`[^`]+`|\bqx\b/;
// A shell-running call whose command is not a literal (string, list or template) is decided at run time.
const DYNAMIC_SHELL_CALL = /\b(system|popen|execSync|shell_exec|passthru|proc_open|check_output|check_call)\s*\(\s*(?!['"`[\s)])/;
// An exec/eval call with a download (or a decoder) anywhere after it. Tested as 'the first call,
// then the rest': one pattern with '.*' between them took time quadratic in the number of calls.
const EXEC_CALL = /\b(exec|eval)\s*\(/;
const DOWNLOAD = /\b(urlopen|requests\.get|fetch|urllib|http\.get|LWP|Net::HTTP|open-uri)/;
const DECODE = /\b(b64decode|base64|atob|Buffer\.from\([^)]*base64|decode\(|fromhex|unhexlify)/;

function execThen(code: string, what: RegExp): boolean {
  const call = EXEC_CALL.exec(code);
  return call !== null && what.test(code.slice(call.index + call[0].length));
}
const FORK_LOOP = /\bfork\s*\(?\s*\)?\s*(while|until|for)\b|\bwhile\b[^;{]*\{?[^}]*\bfork\b|\bos\.fork\(\)[^\n]*while|while[^\n]*os\.fork\(\)/;
const STRING_LITERAL = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;

export function analyseInterpreter(cmd: SimpleCommand, an: AnalysisSink, at: Nesting): void {
  let code = inlineCode(cmd);
  if (code === undefined) return;
  const who = `${cmd.name} inline code`;
  if (code.startsWith(ENCODED)) {
    code = code.slice(ENCODED.length);
    an.report(finding('exec.decode', 'HIGH', `${cmd.name} runs base64-encoded code (-EncodedCommand), a way to hide what it does.`, cmd));
  }
  if (interpreterName(cmd.name) === 'pwsh' && PS_EVAL.test(code)) {
    if (PS_DOWNLOAD.test(code)) an.report(finding('exec.download', 'HIGH', `The ${who} downloads code and executes it without review.`, cmd));
    if (PS_DECODE.test(code)) an.report(finding('exec.decode', 'HIGH', `The ${who} decodes hidden code and executes it, so what it runs cannot be checked.`, cmd));
  }
  if (code.includes(DYN)) {
    an.report(finding('interp.dynamic-code', 'HIGH', `The ${who} is built at run time, so what it does cannot be checked.`, cmd));
  }
  if (execThen(code, DOWNLOAD)) {
    an.report(finding('exec.download', 'HIGH', `The ${who} downloads code and executes it without review.`, cmd));
  }
  if (execThen(code, DECODE)) {
    an.report(finding('exec.decode', 'HIGH', `The ${who} decodes hidden code and executes it, so what it runs cannot be checked.`, cmd));
  }
  if (FORK_LOOP.test(code)) {
    an.report(finding('forkbomb.interpreter', 'CRITICAL', `Blocked a fork bomb: the ${who} forks processes in an endless loop.`, cmd));
  }
  const writesSystem = WRITES.test(code) && SYSTEM_PATH.test(code);
  // Library deletes of literal paths are judged by the path: shutil.rmtree("build") is ordinary work, ("/") is not.
  const deletes = DESTRUCTIVE.test(code) && !writesSystem ? judgeDeletes(code, DESTRUCTIVE) : undefined;
  if (deletes !== undefined) {
    if (deletes !== null) an.report(finding('interp.destructive-code', deletes.risk, `${deletes.risk === 'CRITICAL' ? 'Blocked' : 'Asked about'} the ${who} deleting ${q(deletes.path)}: it would remove ${deletes.what}.`, cmd));
  } else if (DESTRUCTIVE.test(code) || writesSystem) {
    const risk = SYSTEM_PATH.test(code) ? 'HIGH' : 'MEDIUM';
    an.report(finding('interp.destructive-code', risk, `The ${who} deletes or overwrites files, which a shell parser cannot fully check.`, cmd));
  }
  if (DYNAMIC_SHELL_CALL.test(code)) {
    an.report(
      finding('interp.dynamic-code', 'HIGH', `The ${who} runs a shell command built at run time, so what it runs cannot be checked.`, cmd),
    );
  }
  if (RUNS_SHELL.test(code)) {
    // Shell commands embedded as string literals are checked like any other command.
    for (const m of code.matchAll(STRING_LITERAL)) {
      const s = (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1');
      if (/[a-z]/.test(s) && s.length < 4096) an.script(s, inlined(at), cmd.via.concat(who), undefined, true);
    }
    // Argument lists: subprocess.run(['rm', '-rf', '/']) runs exactly those words.
    for (const m of code.matchAll(/\[\s*((?:(?:'[^']*'|"[^"]*")\s*,?\s*)+)\]/g)) {
      const words = [...m[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((w) => `'${(w[1] ?? w[2] ?? '').replace(/'/g, '')}'`);
      an.script(words.join(' '), inlined(at), cmd.via.concat(who), undefined, true);
    }
    for (const m of code.matchAll(/`([^`]+)`/g)) an.script(m[1], inlined(at), cmd.via.concat(who), undefined, true);
  }
}
