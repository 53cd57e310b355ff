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
      }
      return;
    case 'checkout':
    case 'restore': {
      const paths = args.slice(args.indexOf('--') + 1);
      if (args.includes('-f') || args.includes('--force') || paths.some((p) => p === '.' || p === ':/' || p === '*')) {
        out.push(finding('git.discard-changes', 'MEDIUM', `git ${sub} over the whole tree discards uncommitted changes for good.`, cmd));
      }
      return;
    }
    case 'stash':
      if (args[0] === 'clear' || args[0] === 'drop') out.push(finding('git.stash-drop', 'MEDIUM', `git stash ${args[0]} deletes stashed work for good.`, cmd));
      return;
    case 'filter-branch':
    case 'filter-repo':
      out.push(finding('git.rewrite-history', 'HIGH', `git ${sub} rewrites the whole history of the repository.`, cmd));
      return;
    case 'reflog':
    case 'gc':
      if (args.some((w) => /^--(expire|expire-unreachable|prune)=(now|all)/.test(w))) {
        out.push(finding('git.prune-history', 'MEDIUM', `git ${sub} with an immediate expiry deletes the safety net of lost commits.`, cmd));
      }
      return;
    case 'update-ref':
      if (args.includes('-d')) out.push(finding('git.delete-ref', 'MEDIUM', 'git update-ref -d deletes a reference directly.', cmd));
      return;
  }
}

export const gitPack: RulePack = {
  name: 'git',
  // Only these sub-commands can fire, so `git status` never pays for the parse.
  keywords: ['push', 'reset', 'clean', 'branch', 'checkout', 'restore', 'stash', 'filter-branch', 'filter-repo', 'reflog', 'gc', 'update-ref'],
  rules: [{ commands: ['git'], nameIsKeyword: false, check: git }],
};
