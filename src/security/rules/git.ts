// Git rules: history loss (force push without lease, reset --hard, clean -f, branch -D, history rewrites).
import type { SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { classifyPath, normPath } from '../paths.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env']);

/** Splits `git [global options] <sub> <args>`. */
function subcommand(argv: readonly string[]): { sub: string; args: string[] } | null {
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) i += GLOBAL_WITH_VALUE.has(argv[i]) ? 2 : 1;
  if (i >= argv.length) return null;
  return { sub: argv[i], args: argv.slice(i + 1) };
}

function hasShort(args: readonly string[], letter: string): boolean {
  return args.some((w) => w.length > 1 && w[0] === '-' && w[1] !== '-' && w.includes(letter));
}

function push(args: string[], cmd: SimpleCommand, out: SecurityFinding[]): void {
  const lease = args.some((w) => w.startsWith('--force-with-lease') || w.startsWith('--force-if-includes'));
  const force = args.some((w) => w === '--force' || (w.startsWith('--for') && '--force'.startsWith(w) && w.length > 5)) || hasShort(args, 'f');
  const plusRef = operands(['git', ...args]).slice(1).some((r) => r.startsWith('+'));
  if ((force && !lease) || plusRef || args.includes('--mirror')) {
    out.push(finding('git.force-push', 'HIGH', 'git push --force overwrites the remote branch and can destroy other people\'s commits; use --force-with-lease.', cmd));
  } else if (args.includes('--delete') || hasShort(args, 'd') || operands(['git', ...args]).slice(1).some((r) => r.startsWith(':'))) {
    out.push(finding('git.delete-remote-branch', 'MEDIUM', 'git push --delete removes a branch on the remote.', cmd));
  }
}

/** The directory git works in: `cd` before it, then each `-C dir`, then `--work-tree` (`.` when nothing says). */
function workTree(argv: readonly string[], cwd: string | undefined): string {
  let dir = cwd ?? '.';
  for (let i = 1; i < argv.length && argv[i].startsWith('-'); i++) {
    const w = argv[i];
    if (w === '-C' && i + 1 < argv.length) dir = normPath(argv[++i], dir) ?? '/' + DYN;
    else if (w === '--work-tree' && i + 1 < argv.length) dir = normPath(argv[++i], cwd) ?? '/' + DYN;
    else if (w.startsWith('--work-tree=')) dir = normPath(w.slice(12), cwd) ?? '/' + DYN;
    else if (GLOBAL_WITH_VALUE.has(w)) i++;
  }
  return dir;
}

/** `git clean -fdx` at / or in a home directory (`cd / && git init && git clean -ffdx`) deletes everything git does not track: all of it. */
function cleanFinding(cmd: SimpleCommand, args: readonly string[]): SecurityFinding {
  const dir = workTree(cmd.argv, cmd.cwd);
  const cls = classifyPath(dir);
  if (cls === 'root' || cls === 'home' || cls === 'system') {
    const wide = hasShort(args, 'd') || hasShort(args, 'x') || hasShort(args, 'X');
    return finding('git.clean-root', wide ? 'CRITICAL' : 'HIGH', `${wide ? 'Blocked' : 'Asked about'} git clean -f in ${q(dir === '/~' ? '~' : dir)}: every file git does not track there (all of it) would be deleted.`, cmd);
  }
  return finding('git.clean', 'MEDIUM', 'git clean -f deletes untracked files for good.', cmd);
}

/** A pathspec naming the whole working tree. */
function wholeTree(p: string): boolean {
  return p === '.' || p === './' || p === ':/' || p === '*' || p === ':(top)' || p === '..' || p === DYN;
}

/**
 * checkout/restore/switch overwriting the working tree: `checkout -- <paths>`, `checkout .`, `-f`, `restore <paths>`
 * (not `--staged` alone, which only unstages), `switch --discard-changes`, `checkout-index -f`.
 */
function discard(sub: string, args: string[], cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (args.includes('-h') || args.includes('--help')) return;
  const force = args.includes('--force') || hasShort(args, 'f') || args.includes('--discard-changes');
  const dash = args.indexOf('--');
  const paths = dash < 0 ? operands(['git', ...args]) : args.slice(dash + 1);
  let what: string | undefined;
  if (sub === 'checkout-index') what = force ? 'overwrites working-tree files with the index' : undefined;
  else if (sub === 'switch') what = force ? 'discards every uncommitted change' : undefined;
  else if (sub === 'restore') {
    const staged = args.includes('--staged') || hasShort(args, 'S');
    const worktree = args.includes('--worktree') || hasShort(args, 'W');
    if ((!staged || worktree) && paths.length > 0) what = paths.some(wholeTree) ? 'discards every uncommitted change' : 'discards uncommitted changes to those files';
  } else if (force) what = 'discards every uncommitted change';
  else if (paths.some(wholeTree)) what = 'discards every uncommitted change';
  else if (dash >= 0 && paths.length > 0) what = 'discards uncommitted changes to those files';
  if (what !== undefined) out.push(finding('git.discard-changes', 'MEDIUM', `git ${sub} ${what} for good.`, cmd));
}

function git(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const s = subcommand(cmd.argv);
  if (s === null) return;
  const { sub, args } = s;
  const dry = args.includes('-n') || args.includes('--dry-run');
  switch (sub) {
    case 'push':
      return push(args, cmd, out);
    case 'reset':
      if (args.includes('--hard') || args.includes('--merge')) out.push(finding('git.reset-hard', 'MEDIUM', 'git reset --hard throws away uncommitted changes for good.', cmd));
      return;
    case 'clean':
      if (!dry && (hasShort(args, 'f') || args.includes('--force'))) out.push(cleanFinding(cmd, args));
      return;
    case 'branch':
      if (args.includes('-D') || ((args.includes('-d') || args.includes('--delete')) && (args.includes('-f') || args.includes('--force')))) {
        out.push(finding('git.branch-force-delete', 'MEDIUM', 'git branch -D deletes a branch even if its commits are not merged anywhere.', cmd));
      } else if (['-f', '--force'].some((f) => args.includes(f)) && operands(['git', ...args]).length > 0) {
        out.push(finding('git.branch-force', 'MEDIUM', 'git branch -f moves an existing branch; commits only it held are left behind.', cmd));
      }
      return;
    case 'checkout':
    case 'restore':
    case 'switch':
    case 'checkout-index':
      return discard(sub, args, cmd, out);
    case 'stash':
      if (args[0] === 'clear' || args[0] === 'drop') out.push(finding('git.stash-drop', 'MEDIUM', `git stash ${args[0]} deletes stashed work for good.`, cmd));
      return;
    case 'filter-branch':
    case 'filter-repo':
      out.push(finding('git.rewrite-history', 'HIGH', `git ${sub} rewrites the whole history of the repository.`, cmd));
      return;
    case 'reflog':
    case 'gc':
      if (args.some((w) => /^--(expire|expire-unreachable|prune)=(now|all|0\b)/.test(w)) || (sub === 'reflog' && args[0] === 'delete')) {
        out.push(finding('git.prune-history', 'MEDIUM', `git ${sub} with an immediate expiry deletes the safety net of lost commits.`, cmd));
      }
      return;
    case 'worktree':
      if (args[0] === 'remove' && (args.includes('--force') || hasShort(args, 'f'))) {
        out.push(finding('git.worktree-force-remove', 'MEDIUM', 'git worktree remove --force deletes the worktree with its uncommitted changes.', cmd));
      }
      return;
    case 'rm': {
      const forced = args.includes('--force') || hasShort(args, 'f');
      if (forced && !args.includes('--cached') && !dry && operands(['git', ...args]).some(wholeTree)) {
        out.push(finding('git.discard-changes', 'MEDIUM', 'git rm -f over the whole tree deletes every file, with its uncommitted changes.', cmd));
      }
      return;
    }
    case 'update-ref':
      if (args.includes('-d')) out.push(finding('git.delete-ref', 'MEDIUM', 'git update-ref -d deletes a reference directly.', cmd));
      return;
  }
}

export const gitPack: RulePack = {
  name: 'git',
  // Only these sub-commands can fire, so `git status` never pays for the parse.
  keywords: ['push', 'reset', 'clean', 'branch', 'checkout', 'restore', 'switch', 'checkout-index', 'worktree', 'rm', 'stash', 'filter-branch', 'filter-repo', 'reflog', 'gc', 'update-ref'],
  rules: [{ commands: ['git'], nameIsKeyword: false, check: git }],
};
