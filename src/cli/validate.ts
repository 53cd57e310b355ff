// `hookhive validate`: judge shell commands from the command line or as JSON lines on stdin (CONTRACT §4).
import { createInterface } from 'node:readline';
import { createSecurityValidator } from '../security/index.js';
import type { ConfigurableValidator, ExplainResult as Explanation, SecurityOptions } from '../security/index.js';
import type { SecurityVerdict } from '../security/types.js';

export interface ValidateIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage:
  hookhive validate "<command>" ["<command>" ...]  judge each command, print one JSON line per command
  hookhive validate < commands                     judge stdin line by line: {"command": "..."} JSON lines,
                                                   or plain text lines, each one shell command
  hookhive validate --explain "<command>"          show the parsed commands and the rules that fired
Exit status: 0 every command allowed, 1 one needs asking, 2 one is denied,
             64 usage error, 78 configuration error (a bad rules file).
`;

/** The exit status of a verdict: a CI step or a git hook can gate on it (CONTRACT §4). */
const EXIT_OF = { allow: 0, ask: 1, deny: 2 } as const;
/** sysexits.h: apart from 1 and 2, which say what was decided. */
const EX_USAGE = 64;
const EX_CONFIG = 78;

/** Writes verdicts as JSON lines and keeps the worst exit status seen. */
class Output {
  code = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}
  verdict(v: SecurityVerdict, command: string | null, error?: string): void {
    this.code = Math.max(this.code, EXIT_OF[v.decision]);
    this.out.write(line(v, command, error));
  }
  fail(command: string | null, error: string): void {
    const reason = `The input could not be checked (${error}), so it needs a human to look at it.`;
    this.verdict({ risk: 'HIGH', decision: 'ask', reasons: [reason], findings: [] }, command, error);
  }
}

function line(v: SecurityVerdict, command: string | null, error?: string): string {
  const out: Record<string, unknown> = { command, risk: v.risk, decision: v.decision, reasons: v.reasons };
  if (error !== undefined) out.error = error;
  return JSON.stringify(out) + '\n';
}

/**
 * Runs `hookhive validate`; argv are the words after `validate`. Returns the exit status: 0/1/2 for the worst
 * decision (allow/ask/deny), 64 for a usage error, 78 for a configuration error.
 */
export async function runValidate(argv: string[], io: ValidateIo, opts: SecurityOptions): Promise<number> {
  let explain = false;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (a === '--explain') explain = true;
    else if (a.startsWith('-') && words.length === 0) {
      io.stderr.write(`hookhive validate: unknown option ${a}\n${USAGE}`);
      return EX_USAGE;
    } else words.push(a);
  }
  if (explain && words.length !== 1) {
    io.stderr.write(`hookhive validate: --explain needs exactly one command (quote it)\n${USAGE}`);
    return EX_USAGE;
  }
  let validator: ConfigurableValidator;
  try {
    validator = await createSecurityValidator(opts);
  } catch (err) {
    io.stderr.write(`hookhive validate: ${(err as Error).message}\n`);
    return EX_CONFIG;
  }
  try {
    if (explain) {
      const e = validator.explain(words[0]);
      io.stdout.write(renderExplain(e, words[0]));
      return EXIT_OF[e.verdict.decision];
    }
    const out = new Output(io.stdout);
    // Each argument is one command: `validate "a" "b"` judges two, not their words joined into one.
    if (words.length > 0) for (const command of words) out.verdict(await validator.validateCommand(command), command);
    else await streamLines(validator, io.stdin, out);
    return out.code;
  } finally {
    validator.close();
  }
}

/**
 * One command per line: a line holding a JSON object is read as `{"command": "..."}`; any other line (a brace group
 * `{ ...; }` included) is the shell command itself, as it would run if pasted into a shell.
 */
async function streamLines(validator: ConfigurableValidator, stdin: NodeJS.ReadableStream, out: Output): Promise<void> {
  const rl = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const raw of rl) {
    if (raw.trim() === '') continue;
    const data = jsonObject(raw);
    if (data === undefined) {
      out.verdict(await validator.validateCommand(raw), raw);
      continue;
    }
    const cmd = data.command;
    if (typeof cmd !== 'string') out.fail(null, 'line has no string "command"');
    else out.verdict(await validator.validateCommand(cmd), cmd);
  }
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function showWord(w: string): string {
  return /^[\w@%+=:,./~-]+$/.test(w) ? w : JSON.stringify(w);
}

function renderExplain(e: Explanation, command: string): string {
  const out: string[] = [`command: ${command}`, 'simple commands (argv after dequoting and unwrapping; $? = known only at run time):'];
  if (e.commands.length === 0) out.push('  (none parsed)');
  e.commands.forEach((argv, i) => {
    const via = e.via[i].length > 0 ? `   [via ${e.via[i].join(' > ')}]` : '';
    out.push(`  ${i + 1}. ${argv.map(showWord).join(' ')}${via}`);
  });
  out.push('rules fired:');
  if (e.findings.length === 0) out.push('  (none)');
  for (const f of e.findings) out.push(`  ${f.risk.padEnd(8)} ${f.rule}${f.command !== undefined ? `  on: ${f.command}` : ''}\n           ${f.reason}`);
  const v = e.verdict;
  out.push(`verdict: ${v.risk} -> ${v.decision}${v.rule !== undefined ? ` (rule ${v.rule})` : ''}${v.audit ? ' [audit mode]' : ''}`);
  return out.join('\n') + '\n';
}
