// Loads tree-sitter-bash (wasm) once per process and parses with a time budget.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import type { Budget } from './budget.js';
import { braceWordsParseable } from './words.js';

let shared: Promise<Parser> | undefined;

/**
 * The one parser of the process. Parsing is synchronous and JavaScript single-threaded, so every
 * validator can share it; loading the grammar twice would only cost memory and start-up time.
 */
export function getShellParser(): Promise<Parser> {
  if (shared === undefined) {
    shared = (async () => {
      // Compiled asynchronously (V8's default), the grammar's WebAssembly left the event loop stuck for most of a
      // second after the first parses (timers 0.8-1.1 s late on a 2-core machine): in a service, that lands on the
      // first agents' decisions. Compiled synchronously, here at start-up, it never does.
      setFlagsFromString('--no-wasm-async-compilation');
      await Parser.init();
      const require = createRequire(import.meta.url);
      const lang = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
      const parser = new Parser();
      parser.setLanguage(lang);
      return parser;
    })();
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}

export type ParseOutcome = { tree: Tree } | { timeout: true };

/** Parses shell text; gives up (returns timeout) once `budget` is spent. The caller deletes the tree. */
export function parseShell(parser: Parser, text: string, budget: Budget): ParseOutcome {
  let cancelled = false;
  // web-tree-sitter cancels the parse when the progress callback returns true.
  const progressCallback = ((): boolean => {
    if (budget.expired()) cancelled = true;
    return cancelled;
  }) as unknown as () => void;
  let tree: Tree | null;
  try {
    tree = parser.parse(text, null, { progressCallback });
  } catch (err) {
    // The parser is shared: leave it ready for the next command whatever happened inside it.
    parser.reset();
    throw err;
  }
  if (tree === null || cancelled) {
    tree?.delete();
    parser.reset();
    return { timeout: true };
  }
  // `{rm,-rf,/}` runs rm: retry such text as the words bash sees, only when the grammar rejected it.
  const fixed = tree.rootNode.hasError ? braceWordsParseable(text) : null;
  if (fixed !== null) {
    tree.delete();
    return parseShell(parser, fixed, budget);
  }
  return { tree };
}
