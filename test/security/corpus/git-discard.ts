// Git commands that throw away uncommitted work or unmerged commits (MEDIUM: a human decides).
import { A, OK } from '../cases.js';
import type { Case } from '../cases.js';

export const CASES: Case[] = [
  ...A('git.discard', 'git.discard-changes', 'MEDIUM', 'git checkout -- src/app.ts', 'git checkout -- .', 'git checkout HEAD -- package.json', 'git checkout main -- src/', 'git checkout origin/main -- README.md docs/', 'git checkout ./', 'git checkout :/', 'git checkout -f', 'git checkout --force feature', 'git -C ../api checkout -- .', 'git restore src/app.ts', 'git restore .', 'git restore --worktree src/', 'git restore -s HEAD~2 lib/util.ts', 'git restore --source=origin/main -- .', 'git restore --staged --worktree .', 'git restore -SW src/a.ts', 'git restore :/', 'git switch -f main', 'git switch --discard-changes release', 'git switch --force -c hotfix', 'git checkout-index -a -f', 'git checkout-index --force --all', 'git rm -rf .', 'git rm -r -f -- .', 'git rm -rf :/'),
  ...A('git.discard', 'git.branch-force', 'MEDIUM', 'git branch -f main HEAD~3', 'git branch --force release origin/release'),
  ...A('git.discard', 'git.branch-force-delete', 'MEDIUM', 'git branch -D old-experiment', 'git branch -D a b c', 'git branch --delete --force spike'),
  ...A('git.discard', 'git.worktree-force-remove', 'MEDIUM', 'git worktree remove --force ../wt-feature', 'git worktree remove -f /tmp/wt', 'git worktree remove -ff ../locked'),
  ...A('git.discard', 'git.stash-drop', 'MEDIUM', 'git stash drop stash@{2}', 'git stash clear', 'git stash drop -q'),
  ...A('git.discard', 'git.reset-hard', 'MEDIUM', 'git reset --hard HEAD', 'git reset --merge ORIG_HEAD', 'git reset -q --hard @{u}'),
  ...A('git.discard', 'git.prune-history', 'MEDIUM', 'git reflog expire --expire-unreachable=now --all', 'git reflog delete HEAD@{1}', 'git reflog expire --expire=0 --all', 'git gc --prune=now --aggressive'),
  ...A('git.discard', 'git.delete-ref', 'MEDIUM', 'git update-ref -d refs/heads/old', 'git update-ref -d refs/stash'),
  ...A('git.discard', 'git.clean', 'MEDIUM', 'git clean -ffdx', 'git clean -d -f -x', 'git clean -f -- build/'),
  ...OK('git.discard', 'git checkout main', 'git checkout -b feature/x', 'git checkout -', 'git checkout v1.2.0', 'git checkout --track origin/dev', 'git restore --staged src/app.ts', 'git restore --staged .', 'git restore -S .', 'git switch main', 'git switch -c feature/y', 'git switch -', 'git branch -d merged-branch', 'git branch -M main', 'git branch --list', 'git branch -vv', 'git worktree add ../wt-x feature', 'git worktree remove ../wt-x', 'git worktree list', 'git worktree prune', 'git rm --cached .env', 'git rm -r --cached node_modules', 'git rm -rf --cached .', 'git rm old.txt', 'git rm -f stale.log', 'git reset --keep HEAD~1', 'git reset --soft HEAD~2', 'git reset', 'git stash list', 'git stash show -p', 'git stash push -m wip', 'git reflog', 'git reflog show main', 'git update-ref refs/heads/x HEAD', 'git clean -n -d', 'git checkout --help', 'git restore --help', 'git commit -m "git checkout -- . wiped my work"', 'git log -S "restore" --oneline'),
];
