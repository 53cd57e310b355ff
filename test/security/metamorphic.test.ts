// Metamorphic tests: every must-deny command of the corpus, rewritten in ways that do not change what runs (it stays
// denied) and in ways that hide it (at least asked). The rewrites are generated from the corpus, never listed per
// case, so a family added to the corpus is covered the day it lands.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import type { ConfigurableValidator } from '../../src/security/index.js';
import { CORPUS } from './corpus.js';
import { prng } from '../helpers/prng.js';

/** The text as one single-quoted shell word: bash reads it back unchanged. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A single simple command: nothing that makes it a list, a pipeline, a compound or a redirection, so a word put in
 * front of it (a wrapper, an assignment) applies to the whole of it.
 */
function isSimple(c: string): boolean {
  if (/[;&|(){}<>\n`$\\#]/.test(c)) return false;
  if (/^\s*(?:[A-Za-z_][A-Za-z0-9_]*=|!|\[\[|if|then|else|elif|fi|case|esac|for|while|until|do|done|function|select|coproc|time|exec)\b/.test(c)) return false;
  return /^[A-Za-z/.]/.test(c.trim());
}

interface Rewrite {
  name: string;
  /** Applies only to a single simple command. */
  simpleOnly?: boolean;
  /** How many `sh -c` levels it adds (at most). */
  shells?: number;
  apply(c: string, rnd: () => number): string | null;
}

const startsWithAssignment = (c: string): boolean => /^\s*(?:(?:export|declare|typeset|local|readonly)(?:\s+-\w+)*\s+)?[A-Za-z_]\w*=/.test(c);

const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)];

/** The first word of a simple command when it is a plain command name (not a path, not a variable). */
function commandWord(c: string): { word: string; rest: string } | null {
  const m = /^([a-z][a-z0-9._-]+)(\s.*|$)/s.exec(c.trim());
  return m ? { word: m[1], rest: m[2] } : null;
}

// Transparent: what runs is exactly what ran before.
const TRANSPARENT: Rewrite[] = [
  { name: 'sudo', simpleOnly: true, apply: (c) => `sudo ${c}` },
  { name: 'sudo -u root', simpleOnly: true, apply: (c) => `sudo -u root ${c}` },
  { name: 'env', simpleOnly: true, apply: (c) => `env ${c}` },
  { name: 'env VAR=x', simpleOnly: true, apply: (c) => `env LC_ALL=C ${c}` },
  { name: 'nohup', simpleOnly: true, apply: (c) => `nohup ${c}` },
  { name: 'timeout', simpleOnly: true, apply: (c, r) => `timeout ${pick(['30', '5m', '-s KILL 10', '--foreground 60'], r)} ${c}` },
  { name: 'nice', simpleOnly: true, apply: (c, r) => `nice ${pick(['', '-n 10 ', '-5 '], r)}${c}` },
  { name: 'command', simpleOnly: true, apply: (c) => `command ${c}` },
  { name: 'time', simpleOnly: true, apply: (c) => `time ${c}` },
  { name: 'VAR=x', simpleOnly: true, apply: (c, r) => `${pick(['FOO=1', 'LANG=C', 'DEBUG=true X=2'], r)} ${c}` },
  { name: 'background &', simpleOnly: true, apply: (c) => `${c} &` },
  { name: 'redirect', simpleOnly: true, apply: (c, r) => `${c} ${pick(['2>/dev/null', '>/dev/null 2>&1', '&>/dev/null', '2>&1'], r)}` },
  {
    name: 'quote the command word',
    simpleOnly: true,
    apply: (c, r) => {
      const cw = commandWord(c);
      if (cw === null) return null;
      const w = cw.word;
      const forms = [`${w[0]}''${w.slice(1)}`, `"${w}"`, `\\${w}`, `'${w}'`, `${w.slice(0, -1)}"${w.slice(-1)}"`];
      return pick(forms, r) + cw.rest;
    },
  },
  {
    name: 'quote an argument',
    simpleOnly: true,
    apply: (c, r) => {
      // Splitting at blanks reads words right only when nothing is quoted already.
      if (/['"]/.test(c)) return null;
      const words = c.trim().split(/\s+/);
      const plain = words.map((w, i) => (i > 0 && /^[A-Za-z0-9_./=:,@+-]+$/.test(w) ? i : -1)).filter((i) => i > 0);
      if (plain.length === 0) return null;
      const i = pick(plain, r);
      words[i] = r() < 0.5 ? `'${words[i]}'` : `"${words[i]}"`;
      return words.join(' ');
    },
  },
  {
    name: 'a variable holds the command word',
    simpleOnly: true,
    apply: (c) => {
      const cw = commandWord(c);
      return cw === null ? null : `cmd=${cw.word}; $cmd${cw.rest}`;
    },
  },
  { name: 'bash -c', shells: 1, apply: (c, r) => `${pick(['bash', 'sh', 'zsh', 'dash'], r)} -c ${sq(c)}` },
  {
    name: 'nested sh -c',
    shells: 3,
    apply: (c, r) => {
      let s = c;
      for (let i = 1 + Math.floor(r() * 3); i > 0; i--) s = `${pick(['bash', 'sh'], r)} -c ${sq(s)}`;
      return s;
    },
  },
  { name: 'if/then', apply: (c) => `if true; then\n${c}\nfi` },
  { name: 'subshell', apply: (c) => `(\n${c}\n)` },
  { name: 'group', apply: (c) => `{\n${c}\n}` },
  // Put in front of a script that starts with an assignment, `true && x=...` makes the assignment conditional, which the
  // analysis reads as 'either value' and asks about (a documented limit): those scripts are chained with `;` only.
  { name: '&& chain', apply: (c, r) => (startsWithAssignment(c) ? null : `${pick(['true', 'cd .', 'echo start', 'test -d .'], r)} && ${c}`) },
  { name: '|| chain', apply: (c) => (startsWithAssignment(c) ? null : `false || ${c}`) },
  { name: '; chain', apply: (c, r) => `${pick(['echo ok', 'ls', 'pwd', 'date'], r)}; ${c}` },
  { name: 'followed by a harmless command', apply: (c) => `${c}\necho done` },
];

// Hiding: the text of the command is only data until a shell decodes or evaluates it.
const HIDING: Rewrite[] = [
  { name: 'eval', apply: (c) => `eval ${sq(c)}` },
  { name: 'echo | bash', apply: (c, r) => `echo ${sq(c)} | ${pick(['bash', 'sh', 'zsh'], r)}` },
  { name: 'printf | sh', apply: (c) => `printf '%s\\n' ${sq(c)} | sh` },
  { name: 'here-string', apply: (c) => `bash <<< ${sq(c)}` },
  { name: 'base64 decode and run', apply: (c, r) => `echo ${Buffer.from(c).toString('base64')} | base64 ${pick(['-d', '--decode', '-D'], r)} | ${pick(['bash', 'sh'], r)}` },
  { name: 'hex decode and run', apply: (c) => `echo ${Buffer.from(c).toString('hex')} | xxd -r -p | bash` },
  { name: 'decoded command substitution', apply: (c) => `bash -c "$(echo ${Buffer.from(c).toString('base64')} | base64 -d)"` },
];

/** Up to `depth` transparent rewrites stacked; simple-command rewrites only while the text is still one. */
function transparentChain(c: string, depth: number, rnd: () => number): { text: string; steps: string[] } {
  let text = c;
  const steps: string[] = [];
  let shells = 0;
  for (let i = 0; i < depth; i++) {
    // `sh -c` nests 1-3 deep in all: past that, each level doubles the quoting and the text soon passes the
    // validator's size and depth bounds, where it asks by design.
    const usable = TRANSPARENT.filter((t) => (!t.simpleOnly || isSimple(text)) && (t.shells === undefined || shells + t.shells <= 3));
    const t = pick(usable, rnd);
    const next = t.apply(text, rnd);
    if (next === null) continue;
    text = next;
    steps.push(t.name);
    shells += t.shells ?? 0;
  }
  return { text, steps };
}

const DENY = CORPUS.filter((c) => c.decision === 'deny');
const REWRITES_PER_CASE = 4;

let v: ConfigurableValidator;
beforeAll(async () => {
  // Judgement, not time: the budget is tested elsewhere, and a busy machine must not turn a rewrite into a time-out.
  v = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, commandBudgetMs: 10_000 });
});

interface Failure {
  original: string;
  rewrite: string;
  steps: string[];
  got: string;
}

function verdictOf(text: string): string {
  const r = v.validateCommandSync(text);
  return `${r.decision} ${r.risk} ${r.findings.map((f) => f.rule).join(',')}`;
}

describe('metamorphic: the corpus rewritten', () => {
  it('covers every must-deny case of the corpus', () => {
    expect(DENY.length).toBeGreaterThan(1000);
  });

  it('a transparent rewrite keeps the decision: deny', () => {
    const rnd = prng(20261130);
    const failures: Failure[] = [];
    let tried = 0;
    for (const c of DENY) {
      for (let k = 0; k < REWRITES_PER_CASE; k++) {
        const { text, steps } = transparentChain(c.cmd, 1 + (k % 3), rnd);
        if (steps.length === 0) continue;
        tried++;
        const got = verdictOf(text);
        if (!got.startsWith('deny')) failures.push({ original: c.cmd, rewrite: text, steps, got });
      }
    }
    expect(tried).toBeGreaterThan(DENY.length * 3);
    expect(failures.slice(0, 25), `${failures.length} of ${tried} rewrites lost the deny`).toEqual([]);
  });

  it('each transparent rewrite, alone, on every case it applies to', () => {
    const rnd = prng(7);
    const failures: Failure[] = [];
    for (const t of TRANSPARENT) {
      for (const c of DENY) {
        if (t.simpleOnly && !isSimple(c.cmd)) continue;
        const text = t.apply(c.cmd, rnd);
        if (text === null) continue;
        const got = verdictOf(text);
        if (!got.startsWith('deny')) failures.push({ original: c.cmd, rewrite: text, steps: [t.name], got });
      }
    }
    expect(failures.slice(0, 25), `${failures.length} single rewrites lost the deny`).toEqual([]);
  });

  it('a hiding rewrite is at least asked about, also under a transparent one', () => {
    const rnd = prng(42);
    const failures: Failure[] = [];
    for (const c of DENY) {
      for (const h of HIDING) {
        const hidden = h.apply(c.cmd, rnd);
        if (hidden === null) continue;
        const { text, steps } = rnd() < 0.3 ? transparentChain(hidden, 1, rnd) : { text: hidden, steps: [] };
        const got = verdictOf(text);
        if (got.startsWith('allow')) failures.push({ original: c.cmd, rewrite: text, steps: [h.name, ...steps], got });
      }
    }
    expect(failures.slice(0, 25), `${failures.length} hidden rewrites were allowed`).toEqual([]);
  });

  it('the rewrites are valid shell: quoting reads back to the same text', () => {
    for (const s of ["it's", "a'b'c", "''", "x\ny", "\\'", '$(id)']) {
      const r = v.explain(`printf %s ${sq(s)}`);
      expect(r.commands[0]).toEqual(['printf', '%s', s]);
    }
  });
});
