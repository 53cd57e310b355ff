// The cheap keyword pre-filter: a command with nothing interesting in it never pays for the parse.
import { interpreterName } from './inline-code.js';
import { KEYWORDS } from './rules/index.js';

// Anything the shell could use to build words at run time, redirect, group or glob forces a parse,
// as does any byte outside printable ASCII (look-alike spaces, bidi controls, newlines, tabs).
const NEEDS_PARSE = /[^\x20-\x7e]|[$`\\*?[\]<>(){}~]/;
const SPLIT = /[^a-z0-9_-]+/;

/**
 * True when the command certainly triggers no rule. Sound because, without the characters above,
 * every word the shell runs is the text minus its quotes, so any rule's command name or keyword
 * would show up as a token of the quote-stripped, lower-cased text.
 */
export function isBoring(command: string): boolean {
  if (NEEDS_PARSE.test(command) || !wellFormed(command)) return false;
  const parts = command.toLowerCase().replace(/['"]/g, '').split(SPLIT);
  for (const p of parts) if (p.length > 0 && (KEYWORDS.has(p) || (isDigit(p.charCodeAt(p.length - 1)) && interpreterName(p) !== undefined))) return false;
  return true;
}

/** `ruby3`, `perl5`, `node20` (the token of `python3.12` is `python3`) run the same interpreter as their bare name. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const OPERATORS = new Set(['|', '||', '&&', ';', '&', '|&']);

/** Balanced quotes and no operator without a command in front: otherwise the parser must report the error. */
function wellFormed(s: string): boolean {
  let quote = '';
  let words = false;
  let lastOp = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== '') {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      words = true;
    } else if (c === '|' || c === ';' || c === '&') {
      let op = c;
      while (i + 1 < s.length && '|;&'.includes(s[i + 1])) op += s[++i];
      if (!OPERATORS.has(op) || !words) return false;
      words = false;
      lastOp = op;
    } else if (c !== ' ') words = true;
  }
  return quote === '' && (words || lastOp === '' || lastOp === ';' || lastOp === '&');
}
