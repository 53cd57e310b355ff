// One analysis run: parses shell text (and any inline code it hides), collecting simple commands and structural findings.
import type { Parser } from 'web-tree-sitter';
import type { SecurityFinding } from './types.js';
import { DYN, finding, inlined, makeCommand } from './model.js';
import type { AnalysisSink, Nesting, Redirect, SimpleCommand } from './model.js';
import { parseShell } from './shell-parser.js';
import { Budget } from './budget.js';
import { walk } from './walker.js';
import { unwrapCommand } from './unwrap.js';
import { ShellState } from './shell-state.js';
import { noteWrites } from './deferred.js';

export interface AnalysisLimits {
  /** Deepest syntax nesting walked before answering `ask`, counted across inline code and wrappers. */
  maxDepth: number;
  /** Most syntax nodes (and recorded commands) in one analysis, all nested code included. */
  maxNodes: number;
  /** Most simple commands in one analysis, wrapped and inline ones included (real commands have dozens). */
  maxCommands: number;
  /** Deepest nesting of inline code (`bash -c "sh -c '...'"`). */
  maxInlineDepth: number;
  /** Time budget of one analysis (every parse, the walk, the unwrapping and the rules), in milliseconds. */
  budgetMs: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = { maxDepth: 100, maxNodes: 20000, maxCommands: 2000, maxInlineDepth: 6, budgetMs: 50 };

// How many nodes pass between two looks at the clock: cheap, and well under a millisecond of work.
const CLOCK_EVERY = 256;

/** The finding of an analysis that ran out of its time budget. */
export function timeoutFinding(): SecurityFinding {
  return finding('analysis.timeout', 'HIGH', 'The command took too long to check, so it needs a human to look at it.');
}

// Runtime-only parts of re-parsed code become a variable, so the inner walk sees them as dynamic.
const DYN_VAR = '${__hookhive_runtime_value}';

export class Analysis implements AnalysisSink {
  private readonly cmds: SimpleCommand[] = [];
  private readonly found: SecurityFinding[] = [];
  private readonly loose: Redirect[] = [];
  private nodes = 0;
  private failures = 0;
  private stopped = false;
  private dir: string | undefined;
  private unwrapDepth = 0;
  private scripts = 0;
  readonly state = new ShellState();

  /** The analysis stops (fail closed) once `budget` is spent. */
  constructor(
    private readonly parser: Parser,
    readonly limits: AnalysisLimits = DEFAULT_LIMITS,
    readonly budget: Budget = new Budget(limits.budgetMs),
  ) {}

  get commands(): readonly SimpleCommand[] {
    return this.cmds;
  }

  /** Structural findings (parse errors, dynamic commands, bounds), in the order they were found. */
  get findings(): readonly SecurityFinding[] {
    return this.found;
  }

  /** Redirections of compound statements. */
  get looseRedirects(): readonly Redirect[] {
    return this.loose;
  }

  /** Parses that failed (syntax error or time budget). */
  get parseFailures(): number {
    return this.failures;
  }

  get cwd(): string | undefined {
    return this.dir;
  }

  chdir(path: string | undefined): void {
    this.dir = path;
  }

  /** Parses and walks shell text; `at.inline` > 0 for code found inside another command, reading `from`'s stdin. */
  script(text: string, at: Nesting, via: string[], from?: SimpleCommand, lenient = false): void {
    if (this.stopped) return;
    if (at.inline > this.limits.maxInlineDepth) {
      this.stop(finding('input.too-deep', 'HIGH', 'The command nests inline shell code too deeply to check, so it needs a human to look at it.'));
      return;
    }
    if (this.budget.expired()) {
      this.stop(timeoutFinding());
      return;
    }
    const src = text.includes(DYN) ? text.split(DYN).join(DYN_VAR) : text;
    const outcome = parseShell(this.parser, src, this.budget);
    if ('timeout' in outcome) {
      this.failures++;
      this.stop(finding('parse.timeout', 'HIGH', 'The command took too long to parse, so it was not checked and needs a human to look at it.'));
      return;
    }
    const tree = outcome.tree;
    try {
      if (tree.rootNode.hasError) {
        // Strings merely suspected of being shell code (inside python -c) are checked best-effort.
        if (lenient) return;
        this.failures++;
        this.report(finding('parse.error', 'HIGH', 'The command is not valid shell syntax, so what it would run cannot be checked; it needs a human to look at it.'));
      }
      const savedCwd = this.dir;
      // Code run by eval, bash -c or a function reads the stdin of the command that runs it.
      const input = from !== undefined && (from.stdinText !== undefined || from.input !== undefined) ? makeCommand(['cat'], { stdinText: from.stdinText, input: from.input }) : undefined;
      this.scripts++;
      try {
        walk(tree.rootNode, this, { feeders: from?.feeders ?? [], input, via, depth: at.depth, inline: at.inline });
      } finally {
        this.scripts--;
      }
      this.dir = savedCwd;
    } finally {
      tree.delete();
    }
    if (this.scripts === 0) this.flushFunctions(at);
  }

  /** Functions defined but never called are still checked once, with unknown arguments. */
  private flushFunctions(at: Nesting): void {
    for (const [name, fn] of this.state.functions) {
      if (fn.called) continue;
      fn.called = true;
      this.state.pushFrame(undefined);
      this.state.expanding.add(name);
      try {
        this.script(fn.body, inlined(at), [`function ${name}`]);
      } finally {
        this.state.expanding.delete(name);
        this.state.popFrame();
      }
    }
  }

  /** Records a simple command and everything it runs through wrappers and inline code. */
  addCommand(cmd: SimpleCommand, at: Nesting): void {
    if (this.stopped) return;
    this.cmds.push(cmd);
    noteWrites(cmd, this.state);
    if (this.cmds.length > this.limits.maxCommands) {
      this.tooComplex('The command runs too many commands to check, so it needs a human to look at it.');
      return;
    }
    // What a command runs is walked one level deeper: wrappers and inline code count against the bounds too.
    if (!this.tick(at.depth)) return;
    if (this.unwrapDepth > 32) {
      this.stop(finding('input.too-deep', 'HIGH', 'The command wraps other commands too deeply to check, so it needs a human to look at it.'));
      return;
    }
    this.unwrapDepth++;
    try {
      unwrapCommand(cmd, this, at);
    } finally {
      this.unwrapDepth--;
    }
  }

  /** A variable or positional parameter the script set literally earlier (`c=rm; $c`), for word evaluation. */
  lookup(name: string): string | undefined {
    return this.state.lookup(name);
  }

  report(f: SecurityFinding): void {
    if (!this.stopped) this.found.push(f);
  }

  redirectAll(redirects: Redirect[]): void {
    if (!this.stopped) for (const r of redirects) this.loose.push(r);
  }

  /** Counts one syntax node; false once a bound is exceeded or the time budget is spent. */
  tick(depth: number): boolean {
    if (this.stopped) return false;
    if (++this.nodes > this.limits.maxNodes || depth > this.limits.maxDepth) {
      this.stop(finding('input.too-deep', 'HIGH', 'The command is nested too deeply or is too complex to check, so it needs a human to look at it.'));
      return false;
    }
    if (this.nodes % CLOCK_EVERY === 0 && this.budget.expired()) {
      this.stop(timeoutFinding());
      return false;
    }
    return true;
  }

  tooComplex(reason: string): void {
    this.stop(finding('input.too-complex', 'HIGH', reason));
  }

  /** Ends the analysis with the fail-closed finding that says why; nothing is recorded after it. */
  private stop(why: SecurityFinding): void {
    if (this.stopped) return;
    this.found.push(why);
    this.stopped = true;
  }
}
