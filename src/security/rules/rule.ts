// The shape of a rule pack: data (command names, keywords) plus a check per simple command.
import type { SecurityFinding } from '../types.js';
import type { SimpleCommand } from '../model.js';

export interface CommandRule {
  /** Command names (basenames) this rule looks at; '*' for every command (its keywords must then say when it can fire). */
  commands: readonly string[];
  /** False when the command name alone is too common to make a command interesting (git). */
  nameIsKeyword?: boolean;
  check: (cmd: SimpleCommand, out: SecurityFinding[]) => void;
}

export interface RulePack {
  name: string;
  rules: readonly CommandRule[];
  /**
   * Lower-case tokens without which no rule of the pack can fire (beyond the command names).
   * The pre-filter skips the parse of a command containing none of them.
   */
  keywords: readonly string[];
}

/** Positional operands of argv (words not starting with '-'), after the command word. */
export function operands(argv: readonly string[], from = 1): string[] {
  const out: string[] = [];
  let opts = true;
  for (let i = from; i < argv.length; i++) {
    const w = argv[i];
    if (opts && w === '--') {
      opts = false;
      continue;
    }
    if (opts && w.length > 1 && w[0] === '-') continue;
    out.push(w);
  }
  return out;
}

/** Quotes a word for a reason sentence. */
export function q(w: string): string {
  return `'${w.replace(/\u0000/g, '$?')}'`;
}
