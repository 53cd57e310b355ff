// Backup and sync tools: forgetting snapshots, deleting archives or repositories, syncs that delete at the destination.
import { A, D, OK } from '../cases.js';
import type { Case } from '../cases.js';

export const CASES: Case[] = [
  ...A('backup.restic', 'backup.delete', 'HIGH', 'restic forget --keep-last 3 --prune', 'restic -r s3:s3.amazonaws.com/bkp forget --prune --keep-daily 7', 'restic forget 4bba301e --prune', 'RESTIC_PASSWORD_FILE=pw restic forget --prune --keep-within 30d'),
  ...A('backup.restic', 'backup.delete', 'MEDIUM', 'restic forget 4bba301e', 'restic forget --keep-last 1', 'restic prune', 'restic -r /srv/restic-repo prune --max-unused 0'),
  ...A('backup.restic', 'backup.key-remove', 'HIGH', 'restic key remove 5c657874', 'restic -r /srv/repo key rm abc123'),
  ...OK('backup.restic', 'restic snapshots', 'restic backup ~/work', 'restic check', 'restic forget --keep-last 3 --prune --dry-run', 'restic forget -n --keep-daily 7', 'restic restore latest --target /tmp/restore', 'restic key list', 'restic stats'),
  ...D('backup.borg', 'backup.delete-all', 'borg delete /mnt/backup/repo', 'borg delete ssh://u@host/./repo', 'BORG_REPO=/srv/borg borg delete', 'borg delete --force /srv/borg', 'borg2 repo-delete', 'borg rdelete -r /srv/borg'),
  ...A('backup.borg', 'backup.delete', 'HIGH', 'borg delete /srv/borg::host-2024-01-01', 'borg delete ::old-archive', 'borg delete --glob-archives "host-2023-*" /srv/borg', 'borg delete /srv/borg arch1 arch2'),
  ...A('backup.borg', 'backup.delete', 'MEDIUM', 'borg prune --keep-daily 7 --keep-weekly 4 /srv/borg', 'borg prune -v --list --keep-within 10d ::', 'borg recreate --exclude "*.tmp" /srv/borg'),
  ...OK('backup.borg', 'borg list /srv/borg', 'borg create /srv/borg::{now} ~/work', 'borg info /srv/borg', 'borg check /srv/borg', 'borg prune --dry-run --keep-daily 7 /srv/borg', 'borg delete -n /srv/borg', 'borg compact /srv/borg', 'borg extract /srv/borg::a'),
  ...D('backup.rclone', 'backup.delete-all', 'rclone purge gdrive:', 'rclone purge s3remote:/', 'rclone delete b2:'),
  ...A('backup.rclone', 'backup.sync-delete', 'HIGH', 'rclone purge remote:old-backups', 'rclone purge s3:bucket/path --progress', 'rclone delete remote:logs --min-age 30d', 'rclone delete gdrive:photos --include "*.tmp"'),
  ...A('backup.rclone', 'backup.sync-delete', 'MEDIUM', 'rclone sync ./site s3:www-bucket', 'rclone sync -P /data remote:backup', 'rclone sync gdrive:docs /mnt/docs --delete-excluded', 'rclone deletefile remote:path/file.txt', 'rclone cleanup b2:bucket', 'rclone dedupe --dedupe-mode newest gdrive:photos'),
  ...OK('backup.rclone', 'rclone ls remote:path', 'rclone lsd gdrive:', 'rclone copy ./dist s3:www-bucket', 'rclone sync --dry-run ./site s3:www-bucket', 'rclone sync -n /data remote:backup', 'rclone config', 'rclone check /data remote:backup', 'rclone size remote:', 'rclone purge --help'),
  ...D('backup.velero', 'backup.delete', 'velero backup delete --all --confirm', 'velero backup delete --all', 'velero schedule delete --all --confirm'),
  ...A('backup.velero', 'backup.delete', 'HIGH', 'velero backup delete nightly-20240101 --confirm', 'velero backup delete nightly-1 nightly-2', 'velero uninstall --force', 'velero backup-location delete aws-primary'),
  ...A('backup.velero', 'backup.delete', 'MEDIUM', 'velero schedule delete daily', 'velero restore delete restore-1'),
  ...OK('backup.velero', 'velero backup get', 'velero backup describe nightly-1', 'velero backup create pre-upgrade', 'velero schedule get', 'velero backup logs nightly-1', 'velero restore create --from-backup nightly-1'),
  ...A('backup.duplicity', 'backup.delete', 'HIGH', 'duplicity remove-all-but-n-full 2 --force file:///backup', 'duplicity remove-older-than 6M --force s3://bucket/path', 'duplicity remove-all-inc-of-but-n-full 1 --force sftp://u@h/bk'),
  ...A('backup.duplicity', 'backup.delete', 'MEDIUM', 'duplicity cleanup --force file:///backup'),
  ...OK('backup.duplicity', 'duplicity remove-older-than 6M s3://bucket/path', 'duplicity collection-status file:///backup', 'duplicity /home file:///backup', 'duplicity cleanup file:///backup'),
  ...D('backup.tarsnap', 'backup.delete-all', 'tarsnap --nuke', 'tarsnap --keyfile /root/tarsnap.key --nuke'),
  ...A('backup.tarsnap', 'backup.delete', 'HIGH', 'tarsnap -d -f home-2024-01-01', 'tarsnap -df nightly', 'tarsnap --keyfile k -d -f a -f b'),
  ...OK('backup.tarsnap', 'tarsnap --list-archives', 'tarsnap -c -f home-$(date +%F) /home', 'tarsnap -t -f nightly', 'tarsnap --print-stats'),
  ...A('backup.kopia', 'backup.delete', 'HIGH', 'kopia snapshot delete k1234 --delete', 'kopia snap rm kabc --delete'),
  ...OK('backup.kopia', 'kopia snapshot list', 'kopia snapshot create ~/work', 'kopia snapshot delete k1234'),
];
