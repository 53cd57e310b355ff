// Command-line option parsing in every spelling (`-rf`, `-r -f`, `-fr`, `--recursive --force`, `--rec`), and find's start paths.

export interface OptionSpec {
  /** Short letter → canonical name, e.g. { r: 'recursive', R: 'recursive', f: 'force' }. */
  short?: Record<string, string>;
  /** Long names (without dashes) → canonical name; unique prefixes are accepted like GNU getopt. */
  long?: Record<string, string>;
  /** Canonical names that take a value (`-n 5`, `-n5`, `--lines=5`, `--lines 5`). */
  withValue?: readonly string[];
  /** Stop at the first operand (sudo, env, timeout: the rest is another command). */
  stopAtOperand?: boolean;
  /** Canonical name of an old-style numeric option (`nice -5`, `renice -10`): `-N` is that option, not an operand. */
  numeric?: string;
}

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string>;
  operands: string[];
  /** Index in args where the operands start when stopAtOperand is set. */
  rest: number;
  /** Options nobody declared, as written; a stopAtOperand parser may have swallowed a command there. */
  unknown: string[];
}

export function parseOptions(args: readonly string[], spec: OptionSpec, from = 0): ParsedOptions {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  const unknown: string[] = [];
  const withValue = new Set(spec.withValue ?? []);
  const short = spec.short ?? {};
  let i = from;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.length > 2 && a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = a.slice(2, eq < 0 ? undefined : eq);
      const name = matchLong(key, spec.long);
      if (name === undefined) {
        unknown.push(a);
        continue;
      }
      flags.add(name);
      if (withValue.has(name)) {
        if (eq >= 0) values.set(name, a.slice(eq + 1));
        else if (i + 1 < args.length) values.set(name, args[++i]);
      }
      continue;
    }
    if (spec.numeric !== undefined && /^-\d+$/.test(a)) {
      flags.add(spec.numeric);
      values.set(spec.numeric, a.slice(1));
      continue;
    }
    // `-9` is a number (kill -9) unless the command declares that digit as a flag (xargs -0) or numeric options.
    if (a.length > 1 && a[0] === '-' && (!/^-\d+$/.test(a) || short[a[1]] !== undefined)) {
      for (let k = 1; k < a.length; k++) {
        const name = short[a[k]];
        if (name === undefined) {
          unknown.push('-' + a[k]);
          continue;
        }
        flags.add(name);
        if (withValue.has(name)) {
          // The value is the rest of this word (`-n5`) or the next word (`-n 5`).
          if (k + 1 < a.length) values.set(name, a.slice(k + 1));
          else if (i + 1 < args.length) values.set(name, args[++i]);
          break;
        }
      }
      continue;
    }
    if (spec.stopAtOperand) break;
    operands.push(a);
  }
  const rest = i;
  for (; i < args.length; i++) operands.push(args[i]);
  return { flags, values, operands, rest, unknown };
}

function matchLong(key: string, long: Record<string, string> | undefined): string | undefined {
  if (long === undefined) return undefined;
  const exact = long[key];
  if (exact !== undefined) return exact;
  let found: string | undefined;
  for (const k of Object.keys(long)) {
    if (k.startsWith(key)) {
      if (found !== undefined && found !== long[k]) return undefined;
      found = long[k];
    }
  }
  return found;
}

/** find's start paths: the words before its first option or expression (`.` when there are none). */
export function findRoots(a: readonly string[]): string[] {
  const roots: string[] = [];
  let i = 1;
  while (i < a.length && /^-[HLP]$|^-O\d$|^-D$/.test(a[i])) i += a[i] === '-D' ? 2 : 1;
  for (; i < a.length; i++) {
    const w = a[i];
    if (w.startsWith('-') || w === '(' || w === '!' || w === '\\(') break;
    roots.push(w);
  }
  return roots.length > 0 ? roots : ['.'];
}
