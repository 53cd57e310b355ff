// Disk rules: making file systems, raw writes to block devices, wiping signatures, editing partition tables.
import type { SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { isBlockDevice, normPath } from '../paths.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';
import { writeTargetFinding } from './filesystem.js';

function devicePath(word: string): boolean {
  const p = normPath(word);
  return p === null || word.includes(DYN) || p.startsWith('/dev/');
}

function mkfs(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const targets = operands(cmd.argv).filter((o) => !/^\d+$/.test(o));
  const dev = targets.find(devicePath);
  if (dev !== undefined || targets.length === 0) {
    out.push(finding('disk.mkfs', 'CRITICAL', `Blocked ${cmd.name} on ${q(dev ?? 'a device')}: formatting erases everything on it.`, cmd));
  }
}

function dd(cmd: SimpleCommand, out: SecurityFinding[]): void {
  for (const w of cmd.argv.slice(1)) {
    if (!w.startsWith('of=')) continue;
    const target = w.slice(3);
    const f = writeTargetFinding(target, cmd, 'dd onto');
    if (f !== null) out.push(f);
    else if (normPath(target) === null) out.push(finding('disk.dd-dynamic', 'HIGH', `dd writes to ${q(target)}, a target only known at run time.`, cmd));
  }
}

function wipefs(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (cmd.argv.some((w) => /^-[a-zA-Z]*[ao]/.test(w) || w === '--all' || w.startsWith('--offset'))) {
    out.push(finding('disk.wipefs', 'CRITICAL', 'Blocked wipefs: erasing file-system signatures makes the disk unreadable.', cmd));
  }
}

function blkdiscard(cmd: SimpleCommand, out: SecurityFinding[]): void {
  out.push(finding('disk.discard', 'CRITICAL', 'Blocked blkdiscard: it discards every block of the device.', cmd));
}

const READ_ONLY_PART = new Set(['-l', '--list', '-s', '--show-size', '-d', '--dump', '-J', '--json', '-p', '--print', 'print', '-V', '--version', '-h', '--help', '-v', '--verify', '-i', '--info']);

function partition(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv.slice(1);
  if (a.length === 0 || a.some((w) => READ_ONLY_PART.has(w))) {
    if (!a.some((w) => /^(mklabel|mkpart|rm|resizepart|--zap|-Z|-o|--clear|--delete|-z)/.test(w))) return;
  }
  const wipe = a.some((w) => /^(mklabel|rm|--zap-all|--zap|-Z|-z|-o|--clear|--delete)$/.test(w));
  const dev = a.find((w) => isBlockDevice(normPath(w) ?? '')) ?? 'a disk';
  if (wipe) out.push(finding('disk.partition-wipe', 'CRITICAL', `Blocked ${cmd.name} on ${q(dev)}: it deletes the partition table or partitions.`, cmd));
  else out.push(finding('disk.partition-edit', 'HIGH', `${cmd.name} edits the partition table of ${q(dev)}.`, cmd));
}

export const disksPack: RulePack = {
  name: 'disks',
  keywords: ['dev', 'mkfs'],
  rules: [
    {
      commands: ['mkfs', 'mke2fs', 'mkswap', 'mkdosfs', 'mkntfs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkfs.fat', 'mkfs.ntfs', 'mkfs.exfat', 'mkfs.f2fs', 'newfs'],
      check: mkfs,
    },
    { commands: ['dd'], check: dd },
    { commands: ['wipefs'], check: wipefs },
    { commands: ['blkdiscard'], check: blkdiscard },
    { commands: ['fdisk', 'sfdisk', 'gdisk', 'sgdisk', 'cfdisk', 'parted', 'diskutil'], check: partition },
  ],
};
