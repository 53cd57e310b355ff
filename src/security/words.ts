// Dequotes shell words from tree-sitter-bash nodes the way bash would, marking runtime-only parts.
import type { Node } from 'web-tree-sitter';
import { DYN } from './markers.js';

/**
 * Called for every `$(...)`, backtick or `<(...)` found inside a word (at its syntax depth), so its commands get walked.
 * Returns the text a `$(...)` prints when it is static (`$(echo rm)`), so the word is known.
 */
export type SubstitutionHook = (node: Node, depth: number) => string | undefined;

/** What evaluating a word needs from the analysis: counting its nodes, and giving up on it. */
export interface WordHost {
  /** Counts one syntax node at `depth`; false once the analysis has stopped. */
  tick(depth: number): boolean;
  /** Stops the analysis: the word is too complex to evaluate. */
  tooComplex(reason: string): void;
  /** Value of a variable or positional parameter set earlier in the same script (`c=rm; $c`); undefined when unknown. */
  lookup?(name: string): string | undefined;
}

/** Separates the fields an unquoted expansion splits into (and the words of `"$@"`). */
export const FIELD = '\u0004';

// Unquoted brace syntax is marked with private characters so quoted braces stay literal.
const B_OPEN = '\u0001';
const B_COMMA = '\u0002';
const B_CLOSE = '\u0003';
const MAX_BRACE_WORDS = 64;
// Real brace expansions have a handful of braces; thousands only serve to make the expansion slow.
const MAX_BRACES = 64;
const MAX_BRACE_WORK = 1 << 20;

/**
 * Evaluates one word node to the word(s) bash would produce (several when brace expansion applies).
 * Iterative, so a word nested thousands of levels deep costs heap, not stack; every node is counted.
 */
export function evalWord(node: Node, depth: number, host: WordHost, onSub: SubstitutionHook): string[] {
  const marked = evalMarked(node, depth, host, onSub);
  // Without an open brace there is no expansion, but unquoted commas and closing braces are still marked.
  if (!marked.includes(B_OPEN)) return splitFields([/[\u0002\u0003]/.test(marked) ? stripMarks(marked) : marked]);
  const words = expandBraces(marked);
  if (words === null) {
    host.tooComplex('A word of the command has too many braces to expand, so it needs a human to look at it.');
    return splitFields([stripMarks(marked)]);
  }
  return splitFields(words.map(stripMarks));
}

/** Word splitting of expanded values: fields marked by FIELD become words; empty unquoted fields vanish. */
function splitFields(words: string[]): string[] {
  if (!words.some((w) => w.includes(FIELD))) return words;
  const out: string[] = [];
  for (const w of words) {
    if (!w.includes(FIELD)) out.push(w);
    else for (const f of w.split(FIELD)) if (f !== '') out.push(f);
  }
  return out;
}

/**
 * An expanded value as the shell splits it: quoted it is one field, unquoted its blanks separate fields. Text
 * next to it without blanks between stays in the same word (`$(echo a).x` is `a.x`); an empty value vanishes.
 */
function fields(value: string, quoted: boolean): string {
  if (quoted) return value;
  return value === '' ? FIELD : value.replace(/[ \t\n]+/g, FIELD);
}

function stripMarks(s: string): string {
  return s.replace(/\u0001/g, '{').replace(/\u0002/g, ',').replace(/\u0003/g, '}');
}

interface Part {
  node: Node;
  quoted: boolean;
  depth: number;
}

/** The word's text with runtime-only parts as DYN and unquoted brace syntax marked. */
function evalMarked(root: Node, depth: number, host: WordHost, onSub: SubstitutionHook): string {
  let out = '';
  // Parts still to evaluate, last one first: popping yields them in text order.
  const todo: Part[] = [{ node: root, quoted: false, depth }];
  for (let part = todo.pop(); part !== undefined; part = todo.pop()) {
    const { node, quoted, depth: d } = part;
    if (!host.tick(d)) break;
    switch (node.type) {
      case 'word':
        out += unescapeWord(node.text, quoted);
        break;
      case 'command_name':
      case 'concatenation':
        pushChildren(todo, node, quoted, d + 1);
        break;
      case 'string':
      case 'translated_string':
        pushChildren(todo, node, true, d + 1);
        break;
      case 'number':
      case 'file_descriptor':
      case 'brace_expression':
        out += node.text;
        break;
      case 'raw_string':
        out += node.text.slice(1, -1);
        break;
      case 'ansi_c_string':
        out += decodeAnsiC(node.text.slice(2, -1));
        break;
      case 'string_content':
        out += node.text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
        break;
      case 'simple_expansion':
      case 'expansion':
        out += evalExpansion(node, d, host, onSub, quoted);
        break;
      case 'command_substitution': {
        const printed = onSub(node, d);
        out += printed === undefined ? DYN : fields(printed.replace(/\n+$/, ''), quoted);
        break;
      }
      // `cmd (other)`: not bash, but PowerShell (`iex (iwr URL)`) runs the group and passes its output.
      case 'subshell':
      case 'process_substitution':
        onSub(node, d);
        out += DYN;
        break;
      case 'arithmetic_expansion':
        visitSubs(node, d, host, onSub);
        out += DYN;
        break;
      case '"':
      case '$':
        break;
      default:
        visitSubs(node, d, host, onSub);
        out += node.isNamed ? DYN : node.text;
    }
  }
  return out;
}

function pushChildren(todo: Part[], node: Node, quoted: boolean, depth: number): void {
  const kids = node.children;
  for (let i = kids.length - 1; i >= 0; i--) {
    const c = kids[i];
    if (c !== null) todo.push({ node: c, quoted, depth });
  }
}

const HOME_VARS = new Set(['HOME']);

function evalExpansion(node: Node, depth: number, host: WordHost, onSub: SubstitutionHook, quoted: boolean): string {
  // `$HOME` and `${HOME}` are treated as the home directory; anything with operators is runtime-only.
  const text = node.text;
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#])\}?$/.exec(text);
  const known = m ? host.lookup?.(m[1]) : undefined;
  // `"$@"` stays one word per parameter even when quoted.
  if (known !== undefined) return m?.[1] === '@' && quoted ? known : fields(known, quoted);
  if (m && HOME_VARS.has(m[1])) return '~';
  if (m && m[1] === 'PWD') return '.';
  // The temporary directory, bare or with a scratch default (`${TMPDIR:-/tmp}`), is scratch space like /tmp.
  if ((m && m[1] === 'TMPDIR') || /^\$\{TMPDIR:?-\/(?:var\/)?tmp\/?\}$/.test(text)) return '/tmp';
  visitSubs(node, depth, host, onSub);
  return DYN;
}

/** Finds substitutions nested anywhere below a node (e.g. `${x:-$(cmd)}`), in text order, without recursion. */
export function visitSubs(node: Node, depth: number, host: WordHost, onSub: SubstitutionHook): void {
  const todo: [Node, number][] = [];
  const push = (n: Node, d: number): void => {
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c !== null) todo.push([c, d]);
    }
  };
  push(node, depth + 1);
  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    const [c, d] = item;
    if (c.type === 'command_substitution' || c.type === 'process_substitution') onSub(c, d);
    else if (host.tick(d)) push(c, d + 1);
    else return;
  }
}

function unescapeWord(text: string, quoted: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      const next = text[i + 1];
      i++;
      if (next === undefined || next === '\n') continue;
      out += next;
      continue;
    }
    if (!quoted && (ch === '*' || ch === '?' || ch === '[')) {
      // A glob in a command word is resolved at run time; keep '*' so path rules can reason about it.
      out += ch;
      continue;
    }
    if (!quoted && ch === '{') out += B_OPEN;
    else if (!quoted && ch === ',') out += B_COMMA;
    else if (!quoted && ch === '}') out += B_CLOSE;
    else out += ch;
  }
  return out;
}

const ANSI: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (_m, e: string) => {
    const k = e[0];
    if (k === 'x' || k === 'u' || k === 'U') {
      // `\U` takes up to 8 hex digits, more than Unicode has: fromCodePoint would throw past 0x10FFFF.
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    }
    if (k >= '0' && k <= '7') return String.fromCharCode(parseInt(e, 8));
    if (k === 'c') return String.fromCharCode(e.charCodeAt(1) & 31);
    return ANSI[k] ?? k;
  });
}

// A word that starts with a brace expansion (`{rm,-rf,/}`) is an ordinary word to bash (only `{` followed by a blank
// opens a group), but tree-sitter-bash takes it for a broken group. Prefixed with '' it parses as the same word.
const BRACE_WORD = /(^|[\s;&|(`])\{(?=[^\s{}]*,[^\s]*\})/g;

/** The text with every word that starts with a brace expansion made parseable; null when there is none. */
export function braceWordsParseable(text: string): string | null {
  if (!text.includes('{')) return null;
  const fixed = text.replace(BRACE_WORD, "$1''{");
  return fixed === text ? null : fixed;
}

/**
 * Bash brace expansion over marked text: `{a,b}c` → `ac bc`; at most MAX_BRACE_WORDS words, in
 * bash's order. Null when the text has too many braces (or would take too long) to expand.
 */
export function expandBraces(s: string): string[] | null {
  let braces = 0;
  for (let i = s.indexOf(B_OPEN); i >= 0; i = s.indexOf(B_OPEN, i + 1)) if (++braces > MAX_BRACES) return null;
  const out: string[] = [];
  let work = 0;
  // Depth first over [expanded prefix, text still to expand, where to look for the next brace].
  const todo: [string, string, number][] = [['', s, 0]];
  for (let item = todo.pop(); item !== undefined && out.length < MAX_BRACE_WORDS; item = todo.pop()) {
    const [done, rest] = item;
    let from = item[2];
    work += rest.length;
    if (work > MAX_BRACE_WORK) return null;
    for (;;) {
      const open = rest.indexOf(B_OPEN, from);
      if (open < 0) {
        out.push(done + rest);
        break;
      }
      const group = braceGroup(rest, open);
      // Not a brace expansion: the brace stays literal (stripMarks restores it); look further right.
      if (group === null) {
        from = open + 1;
        continue;
      }
      const pre = done + rest.slice(0, open);
      const post = rest.slice(group[group.length - 1] + 1);
      for (let k = group.length - 2; k >= 0; k--) todo.push([pre, rest.slice(group[k] + 1, group[k + 1]) + post, 0]);
      break;
    }
  }
  return out;
}

/** The positions of a brace group's open brace, top-level commas and close brace; null when it is not an expansion. */
function braceGroup(s: string, open: number): number[] | null {
  let depth = 0;
  const bounds = [open];
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === B_OPEN) depth++;
    else if (c === B_CLOSE) {
      depth--;
      if (depth === 0) {
        if (bounds.length === 1) return null;
        bounds.push(i);
        return bounds;
      }
    } else if (c === B_COMMA && depth === 1) bounds.push(i);
  }
  return null;
}
