// Walks a tree-sitter-bash syntax tree and records every simple command the shell would run.
import type { Node } from 'web-tree-sitter';
import { DYN, basename, finding, makeCommand } from './model.js';
import type { AnalysisSink, Nesting, Redirect, SimpleCommand } from './model.js';
import { normPath } from './paths.js';
import { evalWord, visitSubs } from './words.js';
import type { SubstitutionHook } from './words.js';

export interface WalkCtx extends Nesting {
  /** Commands whose output reaches stdin of what is walked now. */
  feeders: SimpleCommand[];
  via: string[];
  /** Literal text a compound's heredoc or here-string feeds to the stdin of what is walked now. */
  stdinText?: string;
}

/**
 * Walks a syntax tree (a whole program or any node of it), recording the commands it runs.
 * Recursive, but every level counts in ctx.depth and the analysis stops at its depth bound.
 */
export function walk(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  if (!an.tick(ctx.depth)) return;
  switch (node.type) {
    case 'command':
    case 'declaration_command':
      walkCommand(node, an, ctx, []);
      return;
    case 'redirected_statement':
      walkRedirected(node, an, ctx);
      return;
    case 'pipeline':
      walkPipeline(node, an, ctx);
      return;
    case 'function_definition':
      checkForkBomb(node, an, ctx.depth + 1);
      walkChildren(node, an, ctx);
      return;
    case 'comment':
    case 'heredoc_body':
      return;
    case 'command_substitution':
    case 'process_substitution':
      walkChildren(node, an, { ...ctx, feeders: [], stdinText: undefined });
      return;
    default:
      walkChildren(node, an, ctx);
  }
}

function walkChildren(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  const inner = { ...ctx, depth: ctx.depth + 1 };
  for (const c of node.namedChildren) if (c !== null) walk(c, an, inner);
}

function walkPipeline(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  const upstream: SimpleCommand[] = [];
  const stages = node.namedChildren;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    if (stage === null) continue;
    const before = an.commands.length;
    const fed = i === 0 ? { feeders: ctx.feeders } : { feeders: ctx.feeders.concat(upstream), stdinText: undefined };
    walk(stage, an, { ...ctx, depth: ctx.depth + 1, ...fed });
    append(upstream, an.commands, before);
  }
}

function walkRedirected(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  const body = node.childForFieldName('body');
  const redirs: Node[] = [];
  for (const c of node.namedChildren) if (c !== null && (body === null || !c.equals(body)) && c.type.endsWith('redirect')) redirs.push(c);
  if (body !== null && body.type === 'command') {
    walkCommand(body, an, ctx, redirs);
    return;
  }
  // tree-sitter-bash reads `a && b <<EOF` as a list under the heredoc; bash binds the redirections to `b` alone.
  if (body !== null && body.type === 'list') {
    const parts = body.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    const last = parts.at(-1);
    if (last !== undefined && last.type === 'command') {
      const inner = { ...ctx, depth: ctx.depth + 1 };
      for (const c of parts.slice(0, -1)) walk(c, an, inner);
      walkCommand(last, an, inner, redirs);
      return;
    }
  }
  // A compound body: its redirections apply to the whole group, its heredoc to whatever in it reads stdin.
  const io = collectRedirects(redirs, an, ctx);
  an.redirectAll(io.redirects);
  const stdin = io.stdinText === undefined ? {} : { stdinText: io.stdinText };
  if (body !== null) walk(body, an, { ...ctx, depth: ctx.depth + 1, feeders: ctx.feeders.concat(io.stdinFeeders), ...stdin });
}

interface RedirectInfo {
  redirects: Redirect[];
  stdinFeeders: SimpleCommand[];
  stdinText?: string;
}

function collectRedirects(nodes: Node[], an: AnalysisSink, ctx: WalkCtx): RedirectInfo {
  const info: RedirectInfo = { redirects: [], stdinFeeders: [] };
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
      const target = evalWord(dest, depth + 1, an, subsInto(subs, an, ctx)).join(' ');
      if (op.startsWith('<') && op !== '<>') append(info.stdinFeeders, subs);
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

/** Walks each `$(...)`/`<(...)` found in a word, adding the commands it ran to `into`. */
function subsInto(into: SimpleCommand[], an: AnalysisSink, ctx: WalkCtx): SubstitutionHook {
  return (node, depth) => {
    const before = an.commands.length;
    walk(node, an, { ...ctx, depth: depth + 1, feeders: [] });
    append(into, an.commands, before);
  };
}

/** Appends src[from..] to dst; unlike push(...src) it cannot overflow the stack however long src is. */
function append<T>(dst: T[], src: readonly T[], from = 0): void {
  for (let i = from; i < src.length; i++) dst.push(src[i]);
}

function walkCommand(node: Node, an: AnalysisSink, ctx: WalkCtx, outer: Node[]): void {
  const argv: string[] = [];
  const argFeeders: SimpleCommand[] = [];
  const redirNodes: Node[] = [];
  const assignments: string[] = [];
  const onSub = subsInto(argFeeders, an, ctx);
  const depth = ctx.depth + 1;
  // `export X=1`: the keyword is the command word, and its assignments are its arguments.
  if (node.type === 'declaration_command') argv.push(node.child(0)?.text ?? 'export');
  for (const c of node.namedChildren) {
    if (c === null) continue;
    const t = c.type;
    if (t === 'variable_assignment') {
      const value = c.childForFieldName('value');
      const text = (c.childForFieldName('name')?.text ?? '') + '=' + (value === null ? '' : evalWord(value, depth, an, onSub).join(' '));
      (node.type === 'declaration_command' ? argv : assignments).push(text);
    } else if (t.endsWith('redirect')) redirNodes.push(c);
    else if (t === 'comment') continue;
    else if (t === 'variable_name') argv.push(c.text);
    else for (const w of evalWord(c, depth, an, onSub)) argv.push(w);
  }
  const io = collectRedirects(redirNodes.concat(outer), an, ctx);
  if (argv.length === 0) {
    an.redirectAll(io.redirects);
    return;
  }
  const cmd = makeCommand(argv, {
    feeders: io.stdinFeeders.length > 0 ? ctx.feeders.concat(io.stdinFeeders) : ctx.feeders,
    argFeeders,
    stdinText: io.stdinText ?? ctx.stdinText,
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
  }
  an.addCommand(cmd, ctx);
  if (cmd.name === 'cd' || cmd.name === 'pushd') trackCd(cmd, an);
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
