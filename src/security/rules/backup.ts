// Backup and sync tools: deleting snapshots, archives or whole repositories, and syncs that delete at the destination.
import type { SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack, hasFlag } from './cli.js';
import type { CliTool } from './cli.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const PREVIEW = ['--help', '--dry-run', '-n'];

const TOOLS: readonly CliTool[] = [
  {
    commands: ['restic'],
    rules: [
      { rule: 'backup.key-remove', verbs: ['key', 'remove|rm|delete'], risk: 'HIGH', reason: 'restic key remove deletes a repository key: whoever relies on it loses access to the backups.' },
      { rule: 'backup.delete', verbs: ['forget'], flags: ['--prune'], unless: PREVIEW, risk: 'HIGH', reason: 'restic forget --prune deletes snapshots and the backed-up data only they held.' },
      { rule: 'backup.delete', verbs: ['forget|prune'], unless: PREVIEW, risk: 'MEDIUM', reason: 'restic forget/prune removes snapshots or the data behind them.' },
    ],
  },
  {
    commands: ['rclone'],
    rules: [
      { rule: 'backup.sync-delete', verbs: ['purge'], unless: PREVIEW, risk: 'HIGH', reason: 'rclone purge deletes the path and everything under it, ignoring filters.' },
      { rule: 'backup.sync-delete', verbs: ['delete'], unless: PREVIEW, risk: 'HIGH', reason: 'rclone delete deletes every file under the path.' },
      { rule: 'backup.sync-delete', verbs: ['deletefile|cleanup|rmdirs|dedupe'], unless: PREVIEW, risk: 'MEDIUM', reason: 'rclone deletes files, old versions or duplicates on the remote.' },
      { rule: 'backup.sync-delete', verbs: ['sync'], unless: PREVIEW, risk: 'MEDIUM', reason: 'rclone sync deletes every file at the destination that is not in the source.' },
    ],
  },
  {
    commands: ['velero'],
    rules: [
      { rule: 'backup.delete', verbs: ['backup|backups|schedule|schedules|backup-location', 'delete'], flags: ['--all'], risk: 'CRITICAL', reason: 'Blocked velero delete --all: it deletes every cluster backup (or schedule) at once.' },
      { rule: 'backup.delete', verbs: ['backup|backups|backup-location|snapshot-location', 'delete'], risk: 'HIGH', reason: 'velero deletes a cluster backup and its volume snapshots.' },
      { rule: 'backup.delete', verbs: ['uninstall'], risk: 'HIGH', reason: 'velero uninstall removes the backup system from the cluster.' },
      { rule: 'backup.delete', verbs: ['schedule|schedules|restore|restores', 'delete'], risk: 'MEDIUM', reason: 'velero deletes a backup schedule or restore record.' },
    ],
  },
  {
    commands: ['duplicity'],
    rules: [
      { rule: 'backup.delete', verbs: ['remove-all-but-n-full|remove-all-inc-of-but-n-full|remove-older-than'], flags: ['--force'], risk: 'HIGH', reason: 'duplicity remove-* --force deletes backup sets for good.' },
      { rule: 'backup.delete', verbs: ['cleanup'], flags: ['--force'], risk: 'MEDIUM', reason: 'duplicity cleanup --force deletes leftover backup files.' },
    ],
  },
  {
    commands: ['tarsnap'],
    rules: [
      { rule: 'backup.delete-all', verbs: [], flags: ['--nuke'], risk: 'CRITICAL', reason: 'Blocked tarsnap --nuke: it deletes every archive the key can reach.' },
      { rule: 'backup.delete', verbs: [], flags: ['-d'], unless: ['--help', '--dry-run'], risk: 'HIGH', reason: 'tarsnap -d deletes archives for good.' },
    ],
  },
  {
    commands: ['kopia'],
    rules: [
      { rule: 'backup.delete', verbs: ['snapshot|snap', 'delete|rm|remove'], flags: ['--delete'], risk: 'HIGH', reason: 'kopia snapshot delete --delete deletes snapshots for good.' },
      { rule: 'backup.delete', verbs: ['repository|repo', 'delete'], risk: 'CRITICAL', reason: 'Blocked kopia repository delete: it deletes every snapshot of the repository.' },
    ],
  },
];

/** borg delete: a whole repository unless archives are named (`repo::a`, extra operands, -a/--glob-archives...). */
function borg(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const at = ops.findIndex((o) => /^(delete|prune|repo-delete|rdelete|recreate)$/.test(o));
  if (at < 0 || hasFlag(cmd.argv, '--help') || hasFlag(cmd.argv, '--dry-run') || hasFlag(cmd.argv, '-n')) return;
  const verb = ops[at];
  const rest = ops.slice(at + 1);
  if (verb === 'prune' || verb === 'recreate') {
    out.push(finding('backup.delete', 'MEDIUM', `borg ${verb} deletes or rewrites archives outside the kept set.`, cmd));
    return;
  }
  const selects = ['-a', '--glob-archives', '--match-archives', '--first', '--last', '-P', '--prefix', '--name'].some((f) => hasFlag(cmd.argv, f));
  const whole = verb !== 'delete' || (!selects && rest.length <= 1 && !rest.some((o) => o.includes('::')));
  if (whole) out.push(finding('backup.delete-all', 'CRITICAL', `Blocked borg ${verb} ${q(rest[0] ?? '$BORG_REPO')}: it deletes the whole backup repository.`, cmd));
  else out.push(finding('backup.delete', 'HIGH', `borg delete deletes backup archives for good.`, cmd));
}

/** rclone purge of a whole remote (`name:`, `name:/`) deletes everything on it. */
function rcloneRoot(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  if (!/^(purge|delete)$/.test(ops[0] ?? '') || hasFlag(cmd.argv, '--dry-run') || hasFlag(cmd.argv, '-n')) return;
  const root = ops.slice(1).find((o) => /^[\w.-]+:\/*$/.test(o) || o === DYN + ':');
  if (root !== undefined) out.push(finding('backup.delete-all', 'CRITICAL', `Blocked rclone ${ops[0]} ${q(root)}: it deletes everything on the remote.`, cmd));
}

const verbs = cliPack('backup', TOOLS);

export const backupPack: RulePack = {
  name: 'backup',
  keywords: verbs.keywords,
  rules: [...verbs.rules, { commands: ['borg', 'borg2'], check: borg }, { commands: ['rclone'], nameIsKeyword: false, check: rcloneRoot }],
};
