// Walks a tree-sitter-bash syntax tree and records every simple command the shell would run.
import type { Node } from 'web-tree-sitter';
import { DYN, basename, finding, makeCommand } from './model.js';
import type { AnalysisSink, Redirect, SimpleCommand } from './model.js';
import { normPath } from './paths.js';
import { evalWord, visitSubs } from './words.js';

export interface WalkCtx {
  /** Commands whose output reaches stdin of what is walked now. */
  feeders: SimpleCommand[];
  via: string[];
  depth: number;
  /** Inline-code nesting level (0 for the command text itself). */
  inline: number;
}

/** Walks a syntax tree (a whole program or any node of it), recording the commands it runs. */
export function walk(node: Node, an: AnalysisSink, ctx: WalkCtx): void {
  if (!an.tick(ctx.depth)) return;
  switch (node.type) {
    case 'command':
      walkCommand(node, an, ctx, []);
      return;
    case 'redirected_statement':
      walkRedirected(node, an, ctx);
      return;
    case 'pipeline':
      walkPipeline(node, an, ctx);
      return;
    case 'function_definition':
      checkForkBomb(node, an);
      walkChildren(node, an, ctx);
      return;
    case 'comment':
    case 'heredoc_body':
      return;
    case 'command_substitution':
    case 'process_substitution':
      walkChildren(node, an, { ...ctx, feeders: [] });
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
  let upstream: SimpleCommand[] = [];
  const stages = node.namedChildren;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    if (stage === null) continue;
    const before = an.commands.length;
    walk(stage, an, { ...ctx, depth: ctx.depth + 1, feeders: i === 0 ? ctx.feeders : ctx.feeders.concat(upstream) });
    upstream = upstream.concat(an.commands.slice(before));
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
  // A compound body: its redirections apply to the whole group.
  const io = collectRedirects(redirs, an, ctx);
  an.redirectAll(io.redirects);
  if (body !== null) walk(body, an, { ...ctx, depth: ctx.depth + 1, feeders: ctx.feeders.concat(io.stdinFeeders) });
}

interface RedirectInfo {
  redirects: Redirect[];
  stdinFeeders: SimpleCommand[];
  stdinText?: string;
}

function collectRedirects(nodes: Node[], an: AnalysisSink, ctx: WalkCtx): RedirectInfo {
  const info: RedirectInfo = { redirects: [], stdinFeeders: [] };
  for (const r of nodes) {
    if (!an.tick(ctx.depth + 1)) break;
    if (r.type === 'heredoc_redirect') heredoc(r, an, ctx, info);
    else if (r.type === 'herestring_redirect') {
      const subs: SimpleCommand[] = [];
      const word = r.namedChildren.at(-1) ?? null;
      const text = word === null ? '' : evalWord(word, (s) => subs.push(...walkSub(s, an, ctx))).join(' ');
      info.stdinText = text;
      info.stdinFeeders.push(...subs);
    } else if (r.type === 'file_redirect') {
      const dest = r.childForFieldName('destination');
      let op = '';
      for (const c of r.children) if (c !== null && !c.isNamed) op += c.text;
      if (dest === null) continue;
      const subs: SimpleCommand[] = [];
      const target = evalWord(dest, (s) => subs.push(...walkSub(s, an, ctx))).join(' ');
      if (op.startsWith('<') && op !== '<>') info.stdinFeeders.push(...subs);
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
    else if (c.type === 'file_redirect') {
      const nested = collectRedirects([c], an, ctx);
      info.redirects.push(...nested.redirects);
    }
  }
  if (body === null) return;
  const quoted = /['"\\]/.test(start);
  if (quoted) {
    info.stdinText = body.text;
    return;
  }
  // Unquoted delimiter: the shell expands $(...) and backticks in the body before feeding it.
  let text = '';
  const parts = body.children;
  for (const c of parts) {
    if (c === null) continue;
    if (c.type === 'heredoc_content') text += c.text;
    else if (c.type === 'command_substitution') {
      info.stdinFeeders.push(...walkSub(c, an, ctx));
      text += DYN;
    } else if (c.isNamed) {
      visitSubs(c, (s) => info.stdinFeeders.push(...walkSub(s, an, ctx)));
      text += DYN;
    }
  }
  if (parts.length === 0) text = body.text;
  for (const m of text.matchAll(/`([^`]*)`/g)) an.script(m[1], ctx.inline + 1, ctx.via.concat('heredoc `...`'));
  info.stdinText = text;
}

/** Walks a `$(...)`/`<(...)` and returns the commands it ran. */
function walkSub(node: Node, an: AnalysisSink, ctx: WalkCtx): SimpleCommand[] {
  const before = an.commands.length;
  walk(node, an, { ...ctx, depth: ctx.depth + 1, feeders: [] });
  return an.commands.slice(before);
}

function walkCommand(node: Node, an: AnalysisSink, ctx: WalkCtx, outer: Node[]): void {
  const argv: string[] = [];
  const argFeeders: SimpleCommand[] = [];
  const redirNodes: Node[] = [];
  const onSub = (s: Node): void => {
    argFeeders.push(...walkSub(s, an, ctx));
  };
  for (const c of node.namedChildren) {
    if (c === null) continue;
    const t = c.type;
    if (t === 'variable_assignment') visitSubs(c, onSub);
    else if (t.endsWith('redirect')) redirNodes.push(c);
    else if (t === 'comment') continue;
    else for (const w of evalWord(c, onSub)) argv.push(w);
  }
  const io = collectRedirects(redirNodes.concat(outer), an, ctx);
  if (argv.length === 0) {
    an.redirectAll(io.redirects);
    return;
  }
  const cmd = makeCommand(argv, {
    feeders: io.stdinFeeders.length > 0 ? ctx.feeders.concat(io.stdinFeeders) : ctx.feeders,
    argFeeders,
    stdinText: io.stdinText,
    redirects: io.redirects,
    via: ctx.via,
    cwd: an.cwd,
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
  an.addCommand(cmd, ctx.inline);
  if (cmd.name === 'cd' || cmd.name === 'pushd') trackCd(cmd, an);
}

function trackCd(cmd: SimpleCommand, an: AnalysisSink): void {
  const target = cmd.argv.slice(1).find((a) => !a.startsWith('-'));
  if (target === undefined) an.chdir('/~');
  else an.chdir(target === '-' ? undefined : normPath(target, an.cwd) ?? undefined);
}

/** A function that calls itself in a pipeline or in the background multiplies processes without bound. */
function checkForkBomb(fn: Node, an: AnalysisSink): void {
  const nameNode = fn.childForFieldName('name');
  const body = fn.childForFieldName('body');
  if (nameNode === null || body === null) return;
  const name = nameNode.text;
  let calls = 0;
  let spreads = false;
  const scan = (x: Node, inPipe: boolean, budget: { n: number }): void => {
    if (--budget.n < 0) return;
    if (x.type === 'command') {
      const cn = x.childForFieldName('name');
      if (cn !== null && basename(cn.text.replace(/["'\\]/g, '')) === name) {
        calls++;
        if (inPipe) spreads = true;
      }
    }
    if (!x.isNamed && x.type === '&') spreads = true;
    for (const c of x.children) if (c !== null) scan(c, inPipe || x.type === 'pipeline', budget);
  };
  scan(body, false, { n: 2000 });
  if (calls > 0 && spreads) {
    an.report(
      finding('forkbomb.function', 'CRITICAL', `Blocked a fork bomb: function '${name}' keeps starting copies of itself until the machine runs out of processes.`),
    );
  }
}
