// `hookhive validate`: judge shell commands from the command line or as JSON lines on stdin (CONTRACT §4).
import { createInterface } from 'node:readline';
import { createSecurityValidator } from '../security/index.js';
import type { ConfigurableValidator, SecurityOptions } from '../security/index.js';
import type { SecurityVerdict } from '../security/types.js';

export interface ValidateIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage:
  hookhive validate "<command>"          judge one command, print one JSON line
  hookhive validate < commands.jsonl     judge {"command": "..."} lines, one JSON line out per line in
  hookhive validate --explain "<command>" show the parsed commands and the rules that fired
`;

function line(v: SecurityVerdict, command: string | null, error?: string): string {
  const out: Record<string, unknown> = { command, risk: v.risk, decision: v.decision, reasons: v.reasons };
  if (error !== undefined) out.error = error;
  return JSON.stringify(out) + '\n';
}

function failLine(command: string | null, error: string): string {
  const reason = `The input could not be checked (${error}), so it needs a human to look at it.`;
  return line({ risk: 'HIGH', decision: 'ask', reasons: [reason], findings: [] }, command, error);
}

/** Runs `hookhive validate`; argv are the words after `validate`. Returns the exit code (0 ok, 1 config, 2 usage). */
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
      return 2;
    } else words.push(a);
  }
  if (explain && words.length === 0) {
    io.stderr.write(`hookhive validate: --explain needs a command\n${USAGE}`);
    return 2;
  }
  let validator: ConfigurableValidator;
  try {
    validator = await createSecurityValidator(opts);
  } catch (err) {
    io.stderr.write(`hookhive validate: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const command = words.join(' ');
    if (explain) io.stdout.write(renderExplain(validator, command));
    else if (words.length > 0) io.stdout.write(line(await validator.validateCommand(command), command));
    else await streamLines(validator, io);
    return 0;
  } finally {
    validator.close();
  }
}

async function streamLines(validator: ConfigurableValidator, io: ValidateIo): Promise<void> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const raw of rl) {
    if (raw.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      io.stdout.write(failLine(null, 'line is not valid JSON'));
      continue;
    }
    const cmd = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).command : undefined;
    if (typeof cmd !== 'string') {
      io.stdout.write(failLine(null, 'line has no string "command"'));
      continue;
    }
    io.stdout.write(line(await validator.validateCommand(cmd), cmd));
  }
}

function showWord(w: string): string {
  return /^[\w@%+=:,./~-]+$/.test(w) ? w : JSON.stringify(w);
}

function renderExplain(validator: ConfigurableValidator, command: string): string {
  const e = validator.explain(command);
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
