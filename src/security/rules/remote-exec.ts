// Download-and-execute and decode-and-execute: network or decoded bytes reaching a shell or interpreter.
import type { SecurityFinding } from '../types.js';
import { SHELLS, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import type { RulePack } from './rule.js';

/** Commands that fetch bytes from the network (also what `deferred.ts` treats as a download when they write a file). */
export const DOWNLOADERS: ReadonlySet<string> = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'lwp-request', 'GET', 'nc', 'ncat', 'netcat', 'socat', 'iwr', 'Invoke-WebRequest', 'irm', 'Invoke-RestMethod']);

function isDecoder(c: SimpleCommand): boolean {
  const a = c.argv;
  switch (c.name) {
    case 'base64':
    case 'base32':
    case 'basenc':
      return a.some((w) => /^-[a-zA-Z]*[dD]/.test(w) || w === '--decode');
    case 'xxd':
      return a.some((w) => /^-[a-zA-Z]*r/.test(w) || w === '-revert');
    case 'openssl':
      return a.includes('-d') || a.includes('-base64') || a[1] === 'base64';
    case 'uudecode':
    case 'gunzip':
    case 'zcat':
    case 'rev':
      return true;
    case 'tr':
      return a.some((w) => /N-ZA-M|n-za-m/.test(w));
    case 'printf':
    case 'echo':
      return a.some((w) => /\\x[0-9a-fA-F]{2}|\\[0-7]{3}/.test(w));
    default:
      return false;
  }
}

/** Every command whose output can reach `cmd` as code: stdin producers and substitutions in its words. */
function sources(cmd: SimpleCommand): SimpleCommand[] {
  return cmd.argFeeders.length === 0 ? cmd.feeders : cmd.feeders.concat(cmd.argFeeders);
}

function runsCode(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const src = sources(cmd);
  if (src.length === 0) return;
  const who = cmd.name === '.' ? 'source' : cmd.name;
  const dl = src.find((c) => DOWNLOADERS.has(c.name));
  if (dl !== undefined) {
    out.push(finding('exec.download', 'HIGH', `Downloads code with ${dl.name} and runs it in ${who} without review.`, cmd));
  }
  const dec = src.find(isDecoder);
  if (dec !== undefined) {
    out.push(finding('exec.decode', 'HIGH', `Decodes hidden text with ${dec.name} and runs it in ${who}, so what it runs cannot be checked.`, cmd));
  }
}

// at, batch, su and runuser run what they read as shell commands too.
const CODE_RUNNERS = [...SHELLS, 'eval', 'source', '.', 'at', 'batch', 'su', 'runuser', 'python', 'python3', 'python2', 'perl', 'ruby', 'node', 'nodejs', 'php', 'lua', 'deno', 'bun', 'pwsh'];

export const remoteExecPack: RulePack = {
  name: 'remote-exec',
  keywords: [...DOWNLOADERS].map((d) => d.toLowerCase()).concat(['base64', 'base32', 'basenc', 'xxd', 'openssl', 'uudecode', 'gunzip', 'zcat', 'rev']),
  rules: [{ commands: CODE_RUNNERS, check: runsCode }],
};

