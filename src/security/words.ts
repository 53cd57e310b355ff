// Dequotes shell words from tree-sitter-bash nodes the way bash would, marking runtime-only parts.
import type { Node } from 'web-tree-sitter';
import { DYN } from './model.js';

/** Called for every `$(...)`, backtick or `<(...)` found inside a word, so its commands get walked. */
export type SubstitutionHook = (node: Node) => void;

// Unquoted brace syntax is marked with private characters so quoted braces stay literal.
const B_OPEN = '\u0001';
const B_COMMA = '\u0002';
const B_CLOSE = '\u0003';
const MAX_BRACE_WORDS = 64;

/** Evaluates one word node to the word(s) bash would produce (several when brace expansion applies). */
export function evalWord(node: Node, onSub: SubstitutionHook): string[] {
  const marked = evalPart(node, onSub, false);
  if (!marked.includes(B_OPEN)) return [marked];
  return expandBraces(marked).map(stripMarks);
}

function stripMarks(s: string): string {
  return s.replace(/\u0001/g, '{').replace(/\u0002/g, ',').replace(/\u0003/g, '}');
}

function evalPart(node: Node, onSub: SubstitutionHook, quoted: boolean): string {
  switch (node.type) {
    case 'word':
    case 'command_name':
      if (node.type === 'command_name') return evalChildren(node, onSub, quoted);
      return unescapeWord(node.text, quoted);
    case 'number':
    case 'file_descriptor':
      return node.text;
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'ansi_c_string':
      return decodeAnsiC(node.text.slice(2, -1));
    case 'string':
    case 'translated_string':
      return evalChildren(node, onSub, true);
    case 'string_content':
      return node.text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
    case 'concatenation':
      return evalChildren(node, onSub, quoted);
    case 'simple_expansion':
    case 'expansion':
      return evalExpansion(node, onSub);
    case 'command_substitution':
    case 'process_substitution':
      onSub(node);
      return DYN;
    case 'arithmetic_expansion':
      visitSubs(node, onSub);
      return DYN;
    case 'brace_expression':
      return node.text;
    case '"':
    case '$':
      return '';
    default:
      visitSubs(node, onSub);
      return node.isNamed ? DYN : node.text;
  }
}

function evalChildren(node: Node, onSub: SubstitutionHook, quoted: boolean): string {
  let out = '';
  for (const c of node.children) {
    if (c === null) continue;
    if (quoted && !c.isNamed && c.type === '"') continue;
    out += evalPart(c, onSub, quoted);
  }
  return out;
}

const HOME_VARS = new Set(['HOME']);

function evalExpansion(node: Node, onSub: SubstitutionHook): string {
  // `$HOME` and `${HOME}` are treated as the home directory; anything with operators is runtime-only.
  const text = node.text;
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(text);
  if (m && HOME_VARS.has(m[1])) return '~';
  if (m && m[1] === 'PWD') return '.';
  visitSubs(node, onSub);
  return DYN;
}

/** Finds substitutions nested anywhere below a node (e.g. `${x:-$(cmd)}`). */
export function visitSubs(node: Node, onSub: SubstitutionHook): void {
  for (const c of node.namedChildren) {
    if (c === null) continue;
    if (c.type === 'command_substitution' || c.type === 'process_substitution') onSub(c);
    else visitSubs(c, onSub);
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

export function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (_m, e: string) => {
    const k = e[0];
    if (k === 'x' || k === 'u' || k === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (k >= '0' && k <= '7') return String.fromCharCode(parseInt(e, 8));
    if (k === 'c') return String.fromCharCode(e.charCodeAt(1) & 31);
    return ANSI[k] ?? k;
  });
}

/** Bash brace expansion over marked text: `{a,b}c` → `ac bc`; bounded. */
export function expandBraces(s: string): string[] {
  const open = s.indexOf(B_OPEN);
  if (open < 0) return [s];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === B_OPEN) depth++;
    else if (c === B_CLOSE) {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === B_COMMA && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) {
    // Not a brace expansion: keep the braces literal and look further right.
    const head = s.slice(0, open) + '{';
    return expandBraces(s.slice(open + 1)).map((t) => head + t);
  }
  const pre = s.slice(0, open);
  const post = s.slice(close + 1);
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k < bounds.length - 1 && out.length < MAX_BRACE_WORDS; k++) {
    for (const tail of expandBraces(s.slice(bounds[k] + 1, bounds[k + 1]) + post)) {
      out.push(pre + tail);
      if (out.length >= MAX_BRACE_WORDS) break;
    }
  }
  return out;
}
