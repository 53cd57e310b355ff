// Reading a listing that fills a command's operands (`kill $(ps -e -o pid=)`, `docker ps -aq | xargs docker rm -f`):
// who produced the words, and whether something narrowed the list down on the way.
import { DYN } from '../model.js';
import type { SimpleCommand } from '../model.js';

const NARROWING = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'head', 'tail', 'sed', 'comm', 'jq', 'pgrep']);
const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);
// An awk program that selects lines (`/node/`, `$1 == "bob"`, `$11 ~ /x/`), not one that only skips the header.
const AWK_SELECTS = /[/~]|[=!<>]=|\$\d+\s*[<>]/;

function narrows(cmd: SimpleCommand): boolean {
  if (NARROWING.has(cmd.name)) return true;
  return AWKS.has(cmd.name) && cmd.argv.slice(1).some((w) => AWK_SELECTS.test(w.replace(/\bNR\s*(>=?|!=|==)\s*\d+/g, '')));
}

/**
 * The commands whose output fills the operands of `cmd` (a substitution or, through xargs, the pipe), when one of
 * its operands is only known at run time; `narrowed` tells whether a filter stood between the listing and `cmd`.
 */
export function producers(cmd: SimpleCommand): { from: readonly SimpleCommand[]; narrowed: boolean }[] {
  if (!cmd.argv.some((w, i) => i > 0 && w.includes(DYN))) return [];
  const out: { from: readonly SimpleCommand[]; narrowed: boolean }[] = [];
  for (const group of [cmd.argFeeders, cmd.feeders]) if (group.length > 0) out.push({ from: group, narrowed: group.some(narrows) });
  return out;
}
