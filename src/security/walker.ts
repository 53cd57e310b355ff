// Walks a tree-sitter-bash syntax tree and records every simple command the shell would run.
import type { Node } from 'web-tree-sitter';
import { DYN, basename, finding, inlined, makeCommand } from './model.js';
import type { AnalysisSink, Nesting, Redirect, SimpleCommand } from './model.js';
import { normPath } from './paths.js';
import { evalWord, visitSubs } from './words.js';
import type { SubstitutionHook } from './words.js';
import { outputOf } from './static-output.js';

export interface WalkCtx extends Nesting {
  /** Commands whose output reaches stdin of what is walked now. */
  feeders: SimpleCommand[];
  /** The one simple command whose output is the stdin of what is walked now, when there is one. */
  input?: SimpleCommand;
  via: string[];
  /** Literal text a compound's heredoc or here-string feeds to the stdin of what is walked now. */
  stdinText?: string;
}

// Constructs whose assignments may or may not happen (branches, loops, lists) or do not outlive them (subshells).
const SCOPES = new Set([
  'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'list', 'subshell', 'pipeline', 'command_substitution', 'process_substitution',
]);

/**
 * Walks a syntax tree (a whole program or any node of it), recording the commands it runs. Returns the simple
 * command whose output is the node's output, when there is one (a command, a pipeline's last stage).
 * Recursive, but every level counts in ctx.depth and the analysis stops at its depth bound.
 */
export function walk(node: Node, an: AnalysisSink, ctx: WalkCtx): SimpleCommand | undefined {
  if (!an.tick(ctx.depth)) return undefined;
  const scoped = SCOPES.has(node.type);
  if (scoped) an.state.enter();
  try {
    return walkNode(node, an, ctx);
  } finally {
    if (scoped) an.state.leave();
  }
}

function walkNode(node: Node, an: AnalysisSink, ctx: WalkCtx): SimpleCommand | undefined {
  switch (node.type) {
    case 'redirected_statement':
      return walkRedirected(node, an, ctx);
    case 'pipeline':
      return walkPipeline(node, an, ctx);
    case 'function_definition':
      checkForkBomb(node, an, ctx.depth + 1);
      defineFunction(node, an);
      return undefined;
    case 'command':
    case 'declaration_command':
      return walkCommand(node, an, ctx, []);
    case 'variable_assignment':
    case 'variable_assignments':
      // `c=rm` on its own sets a shell variable for what follows.
      for (const a of node.type === 'variable_assignment' ? [node] : node.namedChildren) {
        if (a === null || a.type !== 'variable_assignment') continue;
        const [name, value] = assignment(a, ctx.depth + 1, an, subsInto([], an, ctx));
        an.state.set(name, value);
      }
      return undefined;
    case 'unset_command':
      unset(node, an, ctx);
      return undefined;
    case 'for_statement':
      forLoop(node, an, ctx);
      return undefined;
    case 'comment':
    case 'heredoc_body':
      return undefined;
    case 'command_substitution':
    case 'process_substitution': {
      // What it prints is what its one statement prints; it reads the shell's stdin, not the command's.
      const inner = { ...ctx, feeders: [], input: undefined, stdinText: undefined };
      const kids = node.namedChildren.filter((c) => c !== null && c.type !== 'comment');
      if (kids.length === 1 && kids[0] !== null) return walk(kids[0], an, { ...inner, depth: ctx.depth + 1 });
      walkChildren(node, an, inner);
      return undefined;
    }
    default:
      walkChildren(node, an, ctx);
      return undefined;
  }
}

/** Functions run where they are called: the walker follows each call into the body (see walkCommand). */
function defineFunction(node: Node, an: AnalysisSink): void {
  const name = node.childForFieldName('name');
  const body = node.childForFieldName('body');
  if (name !== null && body !== null) an.state.functions.set(name.text, { body: body.text, called: false });
}

/** `unset c`: the variable no longer holds what the script set. */
function unset(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  for (const c of node.namedChildren) {
    if (c === null) continue;
    if (c.type === 'variable_name' || c.type === 'word') an.state.set(c.text, null);
    else visitSubs(c, ctx.depth + 1, an, subsInto([], an, ctx));
  }
}

/**
 * Evaluates one `NAME=value`: its name, the value the shell variable gets when it is a plain literal (null when
 * only known at run time: arrays, `+=`), and its text as a word (`NAME=value`).
 */
function assignment(node: Node, depth: number, an: AnalysisSink, onSub: SubstitutionHook): [string, string | null, string] {
  const name = node.childForFieldName('name')?.text ?? '';
  const value = node.childForFieldName('value');
  if (value === null) return [name, '', name + '='];
  const text = evalWord(value, depth, an, onSub).join(' ');
  const literal = value.type !== 'array' && !node.text.startsWith(name + '+=');
  return [name, literal ? text : null, name + '=' + text];
}

/** `for c in rm; do $c -rf /; done`: one literal value is followed, several make the variable unknown. */
function forLoop(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  const variable = node.childForFieldName('variable');
  const values: string[] = [];
  let items = 0;
  for (const c of node.childrenForFieldName('value')) {
    if (c === null) continue;
    items++;
    for (const w of evalWord(c, ctx.depth + 1, an, subsInto([], an, ctx))) values.push(w);
  }
  if (variable !== null) an.state.set(variable.text, items > 0 && values.length === 1 ? values[0] : null);
  const inner = { ...ctx, depth: ctx.depth + 1 };
  for (const c of node.namedChildren) if (c !== null && c.type === 'do_group') walk(c, an, inner);
}

function walkChildren(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  const inner = { ...ctx, depth: ctx.depth + 1 };
  for (const c of node.namedChildren) if (c !== null) walk(c, an, inner);
}

/** `outer`: redirections written after the whole pipeline (`a | b > f`), which bash applies to its last stage. */
function walkPipeline(node: Node, an: AnalysisSink, ctx: WalkCtx, outer: Node[] = []): SimpleCommand | undefined {
  const upstream: SimpleCommand[] = [];
  const stages = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  let last: SimpleCommand | undefined;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    const before = an.commands.length;
    const feeders = i === 0 ? ctx.feeders : ctx.feeders.concat(upstream);
    const fed = i === 0 ? { feeders, input: ctx.input } : { feeders, input: last, stdinText: undefined };
    const at = { ...ctx, depth: ctx.depth + 1, ...fed };
    last = i === stages.length - 1 && outer.length > 0 ? walkRedirectedTo(stage, an, at, outer) : walk(stage, an, at);
    append(upstream, an.commands, before);
  }
  return last;
}

/**
 * Walks `node` with redirections written after it. tree-sitter wraps `a | b > f` and `a && b > f` whole, but bash
 * applies the redirections to the last command only (b), so they go there.
 */
function walkRedirectedTo(node: Node, an: AnalysisSink, ctx: WalkCtx, redirs: Node[]): SimpleCommand | undefined {
  switch (node.type) {
    case 'command':
      return walkCommand(node, an, ctx, redirs);
    case 'redirected_statement':
      return walkRedirected(node, an, ctx, redirs);
    case 'pipeline':
    case 'list': {
      if (!an.tick(ctx.depth)) return undefined;
      an.state.enter();
      try {
        const inner = { ...ctx, depth: ctx.depth + 1 };
        if (node.type === 'pipeline') return walkPipeline(node, an, inner, redirs);
        const kids = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
        for (const k of kids.slice(0, -1)) walk(k, an, inner);
        return kids.length > 0 ? walkRedirectedTo(kids[kids.length - 1], an, inner, redirs) : undefined;
      } finally {
        an.state.leave();
      }
    }
    default:
      an.redirectAll(collectRedirects(redirs, an, ctx).redirects);
      return walk(node, an, ctx);
  }
}

function walkRedirected(node: Node, an: AnalysisSink, ctx: WalkCtx, outer: Node[] = []): SimpleCommand | undefined {
  const body = node.childForFieldName('body');
  const redirs: Node[] = [];
  for (const c of node.namedChildren) if (c !== null && (body === null || !c.equals(body)) && c.type.endsWith('redirect')) redirs.push(c);
  append(redirs, outer);
  if (body !== null && (body.type === 'command' || body.type === 'pipeline' || body.type === 'list')) return walkRedirectedTo(body, an, ctx, redirs);
  // A compound body: its redirections apply to the whole group, its heredoc to whatever in it reads stdin.
  const io = collectRedirects(redirs, an, ctx);
  an.redirectAll(io.redirects);
  const input = io.stdinText !== undefined ? makeCommand(['cat'], { stdinText: io.stdinText }) : (io.input ?? (io.stdinFeeders.length > 0 ? undefined : ctx.input));
  const stdin = io.stdinText === undefined ? {} : { stdinText: io.stdinText };
  const before = an.commands.length;
  if (body !== null) walk(body, an, { ...ctx, depth: ctx.depth + 1, feeders: ctx.feeders.concat(io.stdinFeeders), input, ...stdin });
  if (io.then.length === 0) return undefined;
  // `{ ...; } <<EOF | sh`: what the group printed is only known at run time; its commands feed the rest.
  const group = an.commands.slice(before);
  return continueAfter(io.then, undefined, an, { ...ctx, feeders: ctx.feeders.concat(group) });
}

interface RedirectInfo {
  redirects: Redirect[];
  stdinFeeders: SimpleCommand[];
  stdinText?: string;
  /** `< <(cmd)` and `< file` (as `cat file`): where stdin comes from. */
  input?: SimpleCommand;
  /**
   * What follows a heredoc's start on its line (`cat <<EOF | sh`, `cat <<EOF && rm x`): tree-sitter nests it in
   * the heredoc redirect; it runs after the command, `pipe` when the command's output feeds it.
   */
  then: { node: Node; pipe: boolean }[];
}

function collectRedirects(nodes: Node[], an: AnalysisSink, ctx: WalkCtx): RedirectInfo {
  const info: RedirectInfo = { redirects: [], stdinFeeders: [], then: [] };
  for (const r of nodes) {
    const depth = ctx.depth + 1;
    if (!an.tick(depth)) break;
    if (r.type === 'heredoc_redirect') heredoc(r, an, ctx, info);
    else if (r.type === 'herestring_redirect') {
      const word = r.namedChildren.at(-1) ?? null;
      const text = word === null ? '' : evalWord(word, depth + 1, an, subsInto(info.stdinFeeders, an, ctx)).join(' ');
      info.stdinText = text;
    } else if (r.type === 'file_redirect') {
      const dest = r.childForFieldName('destination');
      let op = '';
      for (const c of r.children) if (c !== null && !c.isNamed) op += c.text;
      if (dest === null) continue;
      const subs: SimpleCommand[] = [];
      const outs: (SimpleCommand | undefined)[] = [];
      const target = evalWord(dest, depth + 1, an, subsInto(subs, an, ctx, outs)).join(' ');
      if (op.startsWith('<') && op !== '<>') {
        append(info.stdinFeeders, subs);
        if (op === '<') info.input = outs.length === 1 && target === DYN ? outs[0] : target.includes(DYN) ? undefined : makeCommand(['cat', target], { cwd: an.cwd });
      }
      info.redirects.push({ op, target });
    }
  }
  return info;
}

function heredoc(r: Node, an: AnalysisSink, ctx: WalkCtx, info: RedirectInfo): void {
  let start = '';
  let body: Node | null = null;
  for (const c of r.namedChildren) {
    if (c === null) continue;
    if (c.type === 'heredoc_start') start = c.text;
    else if (c.type === 'heredoc_body') body = c;
    else if (c.type === 'file_redirect') append(info.redirects, collectRedirects([c], an, ctx).redirects);
    else if (c.type !== 'heredoc_end' && c.type !== 'heredoc_content') info.then.push({ node: c, pipe: c.type === 'pipeline' });
  }
  if (body === null) return;
  const quoted = /['"\\]/.test(start);
  if (quoted) {
    info.stdinText = body.text;
    return;
  }
  // Unquoted delimiter: the shell expands $(...) and backticks in the body before feeding it.
  let text = '';
  const depth = ctx.depth + 2;
  const onSub = subsInto(info.stdinFeeders, an, ctx);
  const parts = body.children;
  for (const c of parts) {
    if (c === null || !an.tick(depth)) continue;
    if (c.type === 'heredoc_content') text += c.text;
    else if (c.type === 'command_substitution') {
      onSub(c, depth);
      text += DYN;
    } else if (c.isNamed) {
      visitSubs(c, depth, an, onSub);
      text += DYN;
    }
  }
  if (parts.length === 0) text = body.text;
  for (const m of text.matchAll(/`([^`]*)`/g)) an.script(m[1], { inline: ctx.inline + 1, depth: depth + 1 }, ctx.via.concat('heredoc `...`'));
  info.stdinText = text;
}

/**
 * Walks each `$(...)`/`<(...)` found in a word, adding the commands it ran to `into`; a `<(...)`'s output command
 * goes to `procOuts`. Returns what a `$(...)` prints when that is static.
 */
function subsInto(into: SimpleCommand[], an: AnalysisSink, ctx: WalkCtx, procOuts?: (SimpleCommand | undefined)[]): SubstitutionHook {
  return (node, depth) => {
    const before = an.commands.length;
    const out = walk(node, an, { ...ctx, depth: depth + 1, feeders: [] });
    append(into, an.commands, before);
    if (node.type === 'process_substitution') {
      procOuts?.push(out);
      return undefined;
    }
    return out === undefined ? undefined : outputOf(out, an.state);
  };
}

/** Appends src[from..] to dst; unlike push(...src) it cannot overflow the stack however long src is. */
function append<T>(dst: T[], src: readonly T[], from = 0): void {
  for (let i = from; i < src.length; i++) dst.push(src[i]);
}

function walkCommand(node: Node, an: AnalysisSink, ctx: WalkCtx, outer: Node[]): SimpleCommand | undefined {
  const then: RedirectInfo['then'] = [];
  const cmd = simpleCommand(node, an, ctx, outer, then);
  return then.length === 0 ? cmd : continueAfter(then, cmd, an, ctx);
}

/** Walks what a heredoc line continues with, after the command that holds the heredoc; returns the output command. */
function continueAfter(then: RedirectInfo['then'], first: SimpleCommand | undefined, an: AnalysisSink, ctx: WalkCtx): SimpleCommand | undefined {
  let last = first;
  for (const t of then) {
    if (!t.pipe) {
      last = walk(t.node, an, { ...ctx, depth: ctx.depth + 1 });
      continue;
    }
    // The nested pipeline holds the remaining stages (itself nested when there are several).
    const stages: Node[] = [];
    const todo: Node[] = [t.node];
    for (let n = todo.pop(); n !== undefined; n = todo.pop()) {
      if (n.type !== 'pipeline') {
        stages.push(n);
        continue;
      }
      const kids = n.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i];
        if (k !== null && k.type !== 'comment') todo.push(k);
      }
    }
    const upstream: SimpleCommand[] = first === undefined ? [] : [first];
    an.state.enter();
    try {
      for (const stage of stages) {
        const before = an.commands.length;
        last = walk(stage, an, { ...ctx, depth: ctx.depth + 1, feeders: ctx.feeders.concat(upstream), input: last, stdinText: undefined });
        append(upstream, an.commands, before);
      }
    } finally {
      an.state.leave();
    }
  }
  return last;
}

function simpleCommand(node: Node, an: AnalysisSink, ctx: WalkCtx, outer: Node[], then: RedirectInfo['then']): SimpleCommand | undefined {
  const argv: string[] = [];
  const argFeeders: SimpleCommand[] = [];
  const redirNodes: Node[] = [];
  // `NAME=value` words as evaluated (main's record of them) and what each sets when nothing follows (`c=rm`).
  const assignments: string[] = [];
  const settings: [string, string | null][] = [];
  const procSubs: (SimpleCommand | undefined)[] = [];
  const onSub = subsInto(argFeeders, an, ctx, procSubs);
  const depth = ctx.depth + 1;
  // `export X=1`: the keyword is the command word, and its assignments are its arguments.
  const declaration = node.type === 'declaration_command';
  // The command word's node, when it is not a plain word: `$c`, `$(echo rm)`, `"$1"` compute the name.
  let nameNode: Node | null = null;
  if (declaration) argv.push(node.child(0)?.text ?? 'export');
  for (const c of node.namedChildren) {
    if (c === null) continue;
    const t = c.type;
    if (t === 'variable_assignment') {
      const [name, value, text] = assignment(c, depth, an, onSub);
      (declaration ? argv : assignments).push(text);
      settings.push([name, value]);
    } else if (t.endsWith('redirect')) redirNodes.push(c);
    else if (t === 'comment') continue;
    else if (t === 'variable_name') {
      argv.push(c.text);
      // `local x`, `declare x`: a fresh variable; `export x`, `readonly x` keep its value.
      if (argv[0] !== 'export' && argv[0] !== 'readonly') settings.push([c.text, null]);
    } else {
      if (argv.length === 0) nameNode = c.firstChild ?? c;
      for (const w of evalWord(c, depth, an, onSub)) argv.push(w);
    }
  }
  // `c=rm` alone (or `export c=rm`) sets a shell variable; `c=rm cmd` only sets it in cmd's environment.
  if (declaration || argv.length === 0) for (const [name, value] of settings) an.state.set(name, value);
  const io = collectRedirects(redirNodes.concat(outer), an, ctx);
  append(then, io.then);
  if (argv.length === 0) {
    an.redirectAll(io.redirects);
    return undefined;
  }
  const ownStdin = io.stdinText !== undefined || io.stdinFeeders.length > 0 || io.input !== undefined;
  const cmd = makeCommand(argv, {
    feeders: io.stdinFeeders.length > 0 ? ctx.feeders.concat(io.stdinFeeders) : ctx.feeders,
    argFeeders,
    stdinText: io.stdinText ?? (ownStdin ? undefined : ctx.stdinText),
    input: ownStdin ? io.input : ctx.input,
    procSubs: procSubs.length > 0 ? procSubs : undefined,
    redirects: io.redirects,
    via: ctx.via,
    cwd: an.cwd,
    assignments: assignments.length > 0 ? assignments : undefined,
  });
  const head = argv[0];
  if (head.includes(DYN) || (/[*?[]/.test(head) && head !== '[' && head !== '[[')) {
    an.report(
      finding(
        'parse.dynamic-command',
        'HIGH',
        'The name of the command to run is only known at run time (a variable, substitution or glob), so it cannot be checked.',
        cmd,
      ),
    );
  } else if (nameNode !== null && nameNode.type !== 'word' && /[$`]/.test(nameNode.text)) {
    // Resolved (`c=rm; $c`, `$(echo rm)`), and judged as such below; but writing a name this way only hides it.
    an.report(
      finding(
        'parse.dynamic-command',
        'HIGH',
        `The name of the command is computed from a variable or another command's output (here ${JSON.stringify(head)}), which hides what runs; it needs a human to look at it.`,
        cmd,
      ),
    );
  }
  if (callDefined(cmd, an, ctx)) return cmd;
  an.addCommand(cmd, ctx);
  if (cmd.name === 'cd' || cmd.name === 'pushd') trackCd(cmd, an);
  else if (cmd.name === 'alias') trackAlias(cmd, an);
  else if (cmd.name === 'read' || cmd.name === 'mapfile' || cmd.name === 'readarray' || cmd.name === 'getopts' || (cmd.name === 'printf' && argv[1] === '-v')) {
    // Variables these set are only known at run time.
    for (const w of argv.slice(1)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w)) an.state.set(w, null);
  } else if ((cmd.name === 'source' || cmd.name === '.') && !argv.slice(1).some((w) => an.state.files.has(w))) an.state.forgetAll();
  return cmd;
}

/** A call of a function or alias defined earlier in the script runs its body: walk it there, with the call's arguments. */
function callDefined(cmd: SimpleCommand, an: AnalysisSink, ctx: WalkCtx): boolean {
  const name = cmd.argv[0];
  if (name.includes(DYN) || an.state.expanding.has(name)) return false;
  const fn = an.state.functions.get(name);
  const alias = fn === undefined ? an.state.aliases.get(name) : undefined;
  if (fn === undefined && alias === undefined) return false;
  an.redirectAll(cmd.redirects);
  an.state.expanding.add(name);
  try {
    if (fn !== undefined) {
      fn.called = true;
      an.state.pushFrame(cmd.argv);
      try {
        an.script(fn.body, inlined(ctx), ctx.via.concat(`function ${name}`), cmd);
      } finally {
        an.state.popFrame();
      }
    } else an.script(`${alias} ${cmd.argv.slice(1).map(shellQuote).join(' ')}`, inlined(ctx), ctx.via.concat(`alias ${name}`), cmd);
  } finally {
    an.state.expanding.delete(name);
  }
  return true;
}

/** Quotes a word for re-parsing; runtime parts stay runtime parts. */
function shellQuote(w: string): string {
  return w
    .split(DYN)
    .map((p) => `'${p.replace(/'/g, "'\\''")}'`)
    .join(DYN);
}

function trackAlias(cmd: SimpleCommand, an: AnalysisSink): void {
  for (const w of cmd.argv.slice(1)) {
    const m = /^([^=\s/$`'"]+)=(.*)$/s.exec(w);
    if (m !== null) an.state.aliases.set(m[1], m[2]);
  }
}

function trackCd(cmd: SimpleCommand, an: AnalysisSink): void {
  const target = cmd.argv.slice(1).find((a) => !a.startsWith('-'));
  if (target === undefined) an.chdir('/~');
  else an.chdir(target === '-' ? undefined : normPath(target, an.cwd) ?? undefined);
}

/** A function that calls itself in a pipeline or in the background multiplies processes without bound. */
function checkForkBomb(fn: Node, an: AnalysisSink, depth: number): void {
  const nameNode = fn.childForFieldName('name');
  const body = fn.childForFieldName('body');
  if (nameNode === null || body === null) return;
  const name = nameNode.text;
  let calls = 0;
  let spreads = false;
  // Depth first in text order over the first 2000 nodes of the body, without recursion.
  const todo: [Node, boolean][] = [[body, false]];
  for (let budget = 2000, item = todo.pop(); item !== undefined && budget > 0; budget--, item = todo.pop()) {
    // The scan is work like the walk: it counts against the node bound and the clock.
    if (!an.tick(depth)) return;
    const [x, inPipe] = item;
    if (x.type === 'command') {
      const cn = x.childForFieldName('name');
      if (cn !== null && basename(cn.text.replace(/["'\\]/g, '')) === name) {
        calls++;
        if (inPipe) spreads = true;
      }
    }
    if (!x.isNamed && x.type === '&') spreads = true;
    const kids = x.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c !== null) todo.push([c, inPipe || x.type === 'pipeline']);
    }
  }
  if (calls > 0 && spreads) {
    an.report(
      finding('forkbomb.function', 'CRITICAL', `Blocked a fork bomb: function '${name}' keeps starting copies of itself until the machine runs out of processes.`),
    );
  }
}
