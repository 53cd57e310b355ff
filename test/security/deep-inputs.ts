// Generators of pathological shell inputs: deep nesting and long repetition of every construct the analysis recurses on.

/** One family of inputs: `make(n)` nests or repeats its construct n times. */
export interface Family {
  name: string;
  make(n: number): string;
}

const rep = (s: string, n: number): string => s.repeat(n);

export const FAMILIES: readonly Family[] = [
  { name: 'braces, unclosed', make: (n) => 'echo ' + rep('{,', n) },
  { name: 'braces, nested', make: (n) => 'echo ' + rep('{a,', n) + 'b' + rep('}', n) },
  { name: 'braces, in a row', make: (n) => 'echo ' + rep('{a,b}', n) },
  { name: 'extglob, unclosed', make: (n) => 'ls ' + rep('@(a|', n) },
  { name: 'extglob, nested', make: (n) => 'ls ' + rep('@(a|', n) + 'b' + rep(')', n) },
  { name: 'command substitution, nested', make: (n) => 'echo ' + rep('$(', n) + 'ls' + rep(')', n) },
  { name: 'command substitution, unclosed', make: (n) => 'echo ' + rep('$(', n) },
  { name: 'backticks in strings, nested', make: (n) => 'echo ' + rep('"$(echo ', n) + rep(')"', n) },
  { name: 'parameter expansion, nested', make: (n) => 'echo ' + rep('"${x:-', n) + 'y' + rep('}"', n) },
  { name: 'parameter expansion, unclosed', make: (n) => 'echo ' + rep('"${x:-', n) },
  { name: 'parameter expansion, bare', make: (n) => 'echo ${' + rep('x:-${', n) + rep('}', n + 1) },
  { name: 'arithmetic, nested', make: (n) => 'echo $((' + rep('(', n) + '1' + rep(')', n) + '))' },
  { name: 'arithmetic command, unclosed', make: (n) => rep('((', n) },
  { name: 'test, nested', make: (n) => '[[ ' + rep('( ', n) + 'a' + rep(' )', n) + ' ]]' },
  { name: 'test, unclosed', make: (n) => rep('[[ ', n) },
  { name: 'arrays, nested', make: (n) => 'a=(' + rep('$(b=(', n) + rep(')', 2 * n) },
  { name: 'arrays, unclosed', make: (n) => rep('a=(', n) },
  { name: 'subshells', make: (n) => rep('(', n) + 'ls' + rep(')', n) },
  { name: 'groups', make: (n) => rep('{ ', n) + 'ls; ' + rep('}; ', n) },
  { name: 'process substitution', make: (n) => 'cat ' + rep('<(cat ', n) + 'x' + rep(')', n) },
  { name: 'functions', make: (n) => rep('f() { ', n) + 'f | f & ' + rep('}; ', n) },
  { name: 'if', make: (n) => rep('if true; then ', n) + 'ls; ' + rep('fi; ', n) },
  { name: 'while', make: (n) => rep('while a; do ', n) + 'ls; ' + rep('done; ', n) },
  { name: 'case', make: (n) => rep('case x in x) ', n) + 'ls ' + rep(';; esac ', n) },
  { name: 'pipeline', make: (n) => rep('a | ', n) + 'a' },
  { name: 'list', make: (n) => rep('a && ', n) + 'a' },
  { name: 'wrappers', make: (n) => rep('sudo ', n) + 'ls' },
  { name: 'eval chain', make: (n) => rep('eval ', n) + 'ls' },
  { name: 'redirections', make: (n) => 'ls' + rep(' >x', n) },
  { name: 'herestrings', make: (n) => 'cat ' + rep('<<< $(', n) + 'x' + rep(')', n) },
  { name: 'heredoc with substitutions', make: (n) => 'cat <<EOF\n' + rep('$(echo ', n) + 'x' + rep(')', n) + '\nEOF' },
  { name: 'quotes, nested', make: (n) => 'echo ' + rep('"$(echo \'', n) + rep('\')"', n) },
  { name: 'deep path', make: (n) => 'rm -rf /etc' + rep('/$a', n) },
  { name: 'ansi-c escapes', make: (n) => 'echo ' + rep("$'\\U0011ffff'", n) },
  { name: 'inline python strings', make: (n) => `python3 -c "import os; ${rep("os.system('ls'); ", n)}"` },
  { name: 'inline python lists', make: (n) => `python3 -c "import subprocess; subprocess.run(${rep("['ls', ", n)}"` },
  { name: 'awk programs', make: (n) => `awk '${rep('{ system("ls") } ', n)}'` },
  { name: 'xargs placeholders', make: (n) => 'echo ' + rep('{a,b}{c,d}{e,f} ', n) + '| xargs -I{} echo' + rep(' {}', n) },
  { name: 'find -exec', make: (n) => 'find' + rep(' /x', n) + rep(' -exec rm {} ;', n) },
];

/** The largest n whose input stays within `bytes`. */
export function sizeFor(f: Family, bytes: number): number {
  let lo = 1;
  let hi = 1;
  while (f.make(hi * 2).length <= bytes && hi < 1 << 20) hi *= 2;
  hi *= 2;
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (f.make(mid).length <= bytes) lo = mid;
    else hi = mid;
  }
  return lo;
}
