// What a script sets up for the commands after it: variables, positional parameters, functions, aliases, files it wrote.
import { DYN } from './markers.js';
import { FIELD } from './words.js';

/** What a file written earlier in the same command holds. */
export type FileContent =
  | { kind: 'text'; text: string }
  /** Fetched from the network by `by` (curl -o, wget -O): code nobody has reviewed. */
  | { kind: 'download'; by: string }
  /** Written by a command whose output is not known statically. */
  | { kind: 'unknown'; by: string };

// Real scripts define a handful of each; past these the rest is simply not followed.
const MAX_ENTRIES = 256;
const MAX_VALUE = 8192;

/**
 * Variables live in scopes: a branch, loop, list or subshell is a scope. An assignment made inside one is seen
 * by what follows inside it; once it is left, a variable the branch changed has two possible values, so it
 * becomes unknown (null) unless both agree. Unknown expands to a runtime value (DYN): at least ask, never allow.
 */
export class ShellState {
  // A scope's map is made on its first assignment: most scopes (every pipeline and list) assign nothing.
  private readonly scopes: (Map<string, string | null> | undefined)[] = [undefined];
  /** Positional parameters of the function or `sh -c` being walked ($0 first); empty when unknown. */
  private readonly frames: (readonly string[] | undefined)[] = [];
  readonly functions = new Map<string, { body: string; called: boolean }>();
  readonly aliases = new Map<string, string>();
  readonly files = new Map<string, FileContent>();
  /** Functions and aliases being expanded now: a recursive call is not followed again. */
  readonly expanding = new Set<string>();

  enter(): void {
    this.scopes.push(undefined);
  }

  leave(): void {
    if (this.scopes.length < 2) return;
    const branch = this.scopes.pop();
    if (branch === undefined) return;
    for (const [name, value] of branch) {
      const before = this.variable(name);
      this.set(name, before === value ? value : null);
    }
  }

  /** Sets a variable: a literal value (may hold DYN parts), or null when it is only known at run time. */
  set(name: string, value: string | null): void {
    const last = this.scopes.length - 1;
    const top = this.scopes[last] ?? (this.scopes[last] = new Map<string, string | null>());
    if (top.size >= MAX_ENTRIES && !top.has(name)) return;
    top.set(name, value !== null && value.length > MAX_VALUE ? null : value);
  }

  /** Everything known about variables is forgotten (`source` of an unknown file may set any of them). */
  forgetAll(): void {
    for (const scope of this.scopes) if (scope !== undefined) for (const k of scope.keys()) scope.set(k, null);
  }

  private variable(name: string): string | null | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i];
      if (scope === undefined) continue;
      const v = scope.get(name);
      if (v !== undefined || scope.has(name)) return v;
    }
    return undefined;
  }

  pushFrame(params: readonly string[] | undefined): void {
    this.frames.push(params);
  }

  popFrame(): void {
    this.frames.pop();
  }

  /** The value of `$name` when the script set it literally, else undefined (the walker then uses DYN). */
  lookup(name: string): string | undefined {
    if (/^[0-9@*#]$/.test(name)) return this.positional(name);
    const v = this.variable(name);
    return v === null || v === undefined ? undefined : v;
  }

  private positional(name: string): string | undefined {
    if (this.frames.length === 0) return undefined;
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return name === '#' ? undefined : DYN;
    if (name === '#') return String(Math.max(0, frame.length - 1));
    if (name === '@') return frame.slice(1).join(FIELD);
    if (name === '*') return frame.slice(1).join(' ');
    return frame[Number(name)] ?? '';
  }
}
