// Internal model shared by the walker, the unwrapper and the rule packs: simple commands and findings.
import type { RiskLevel, SecurityFinding } from './types.js';
import type { ShellState } from './shell-state.js';

import { DYN } from './markers.js';

export { DYN };

/** One simple command as the shell would run it, after dequoting and unwrapping. */
export interface SimpleCommand {
  /** Dequoted words; runtime-only parts are DYN. */
  argv: string[];
  /** Basename of argv[0] ('' when there is no command word). */
  name: string;
  /** Commands whose stdout reaches this command's stdin (earlier pipeline stages, `< <(...)`). */
  feeders: SimpleCommand[];
  /** Commands whose output is substituted into this command's words (`$(...)`, `<(...)`). */
  argFeeders: SimpleCommand[];
  /** Literal text fed on stdin by a heredoc or here-string (DYN where expanded at run time). */
  stdinText?: string;
  /** The one simple command whose output is this command's stdin (the stage before it, `< <(cmd)`, `< file` as `cat file`). */
  input?: SimpleCommand;
  /** For each `<(...)` among the words, in order: the simple command whose output it is (undefined when compound). */
  procSubs?: (SimpleCommand | undefined)[];
  /** Output redirections of this command: operator and evaluated target. */
  redirects: Redirect[];
  /** Wrappers this command was found inside, outermost first (e.g. ['sudo', 'bash -c']). */
  via: string[];
  /** Working directory when a literal `cd` preceded it in the same script. */
  cwd?: string;
  /** `NAME=value` assignments in front of the command (`NODE_TLS_REJECT_UNAUTHORIZED=0 npm i`), evaluated like words. */
  assignments?: string[];
}

export interface Redirect {
  op: string;
  target: string;
}

/** Where in the analysis a command or a piece of code was found. */
export interface Nesting {
  /** Inline-code level: 0 for the command text, one more inside each `bash -c`, `eval`, `python -c`, ... */
  inline: number;
  /** Syntax depth counted across every nested parse and wrapper, so one bound covers the whole analysis. */
  depth: number;
}

/** One level deeper into inline code (the code of `bash -c`, `eval`, ...). */
export function inlined(at: Nesting): Nesting {
  return { inline: at.inline + 1, depth: at.depth + 1 };
}

/**
 * What the walker, the unwrapper and the inline-code scanner may do to the analysis that runs them.
 * They recurse through it (shell holds shell), but only through these calls, so the analysis alone
 * decides what is kept: once it has stopped, nothing more is recorded.
 */
export interface AnalysisSink {
  /** Parses and walks shell code found inside a command; its commands read the stdin of `from` (eval, bash -c). */
  script(text: string, at: Nesting, via: string[], from?: SimpleCommand, lenient?: boolean): void;
  /** What the script has set up so far: variables, functions, aliases, files it wrote. */
  readonly state: ShellState;
  /** Records a simple command, then what it runs through wrappers and inline code. */
  addCommand(cmd: SimpleCommand, at: Nesting): void;
  /** Commands recorded so far, in order: a walker notes the length to learn what a stage ran. */
  readonly commands: readonly SimpleCommand[];
  /** Records a finding about the structure of the command. */
  report(f: SecurityFinding): void;
  /** Records redirections of a compound statement (`{ ...; } > /dev/sda`), not owned by one simple command. */
  redirectAll(redirects: Redirect[]): void;
  /** Counts one syntax node at `depth`; false once the analysis has stopped (a bound, the clock). */
  tick(depth: number): boolean;
  /** Stops the analysis: part of the command is over a complexity bound. */
  tooComplex(reason: string): void;
  /** Working directory set by a literal `cd` earlier in the same script. */
  readonly cwd: string | undefined;
  chdir(path: string | undefined): void;
}

export const RISK_ORDER: Record<RiskLevel, number> = { SAFE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** Printable form of a simple command: words joined by spaces, runtime parts shown as `$?`. */
export function renderCommand(argv: readonly string[]): string {
  let out = '';
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i].includes(DYN) ? argv[i].split(DYN).join('$?') : argv[i];
    out += i === 0 ? w : ' ' + w;
  }
  return out;
}

export function finding(rule: string, risk: RiskLevel, reason: string, cmd?: SimpleCommand | string): SecurityFinding {
  const f: SecurityFinding = { rule, risk, reason };
  if (cmd !== undefined) f.command = typeof cmd === 'string' ? cmd : renderCommand(cmd.argv);
  return f;
}

export function basename(word: string): string {
  const i = word.lastIndexOf('/');
  return i < 0 ? word : word.slice(i + 1);
}

export function makeCommand(argv: string[], base?: Partial<SimpleCommand>): SimpleCommand {
  return {
    argv,
    name: argv.length > 0 ? basename(argv[0]) : '',
    feeders: base?.feeders ?? [],
    argFeeders: base?.argFeeders ?? [],
    stdinText: base?.stdinText,
    input: base?.input,
    procSubs: base?.procSubs,
    redirects: base?.redirects ?? [],
    via: base?.via ?? [],
    cwd: base?.cwd,
    assignments: base?.assignments,
  };
}

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'csh', 'tcsh', 'busybox']);
