// Disk rules: making file systems, raw writes to block devices, wiping signatures, editing partition tables.
import type { SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { isBlockDevice, normPath } from '../paths.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';
import { cliPack } from './cli.js';
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

// Partitioning tools: the options that only read the table, and those that delete it or partitions.
interface TableTool {
  read: RegExp;
  wipe: RegExp;
  /** Reads an edit script from stdin (fdisk, sfdisk, gdisk, parted): fed one, it rewrites the table unattended. */
  scripted: boolean;
}
const HELP = '-h|--help|-V|--version';
const TABLE_TOOLS: Readonly<Record<string, TableTool>> = {
  fdisk: { read: new RegExp(`^(-l|--list|-x|--list-details|-s|--getsz|${HELP})$`), wipe: /^$/, scripted: true },
  gdisk: { read: new RegExp(`^(-l|${HELP})$`), wipe: /^$/, scripted: true },
  cfdisk: { read: new RegExp(`^(${HELP})$`), wipe: /^-z$|^--zero$/, scripted: false },
  sfdisk: {
    read: new RegExp(`^(-l|--list|-d|--dump|-J|--json|-s|--show-size|-V|--verify|-F|--list-free|-g|--show-geometry|--backup-file|-r|--reorder-check|${HELP})$`),
    wipe: /^(--delete|--wipe|--wipe-partitions)$/,
    scripted: true,
  },
  parted: { read: new RegExp(`^(-l|--list|print|${HELP}|-v)$`), wipe: /^(mklabel|mktable|rm)$/, scripted: true },
  sgdisk: {
    read: new RegExp(`^(-p|--print|-i|--info(=.*)?|-v|--verify|-L|--list-types|-b|--backup(=.*)?|-O|--print-mbr|-P|--pretend|${HELP})$`),
    wipe: /^(-o|--clear|-Z|--zap-all|-z|--zap|-d|--delete(=.*)?|-l|--load-backup(=.*)?|-R|--replicate(=.*)?|-[a-zA-Z]*[oZzdlR][a-zA-Z]*)$/,
    scripted: false,
  },
};

function fedOnStdin(cmd: SimpleCommand): boolean {
  return cmd.feeders.length > 0 || cmd.stdinText !== undefined || cmd.redirects.some((r) => r.op === '<');
}

function partition(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const tool = TABLE_TOOLS[cmd.name];
  const a = cmd.argv.slice(1);
  if (tool === undefined || a.length === 0) return;
  const wipe = a.some((w) => tool.wipe.test(w));
  if (!wipe && a.some((w) => tool.read.test(w))) return;
  const scripted = tool.scripted && fedOnStdin(cmd);
  const dev = a.find((w) => isBlockDevice(normPath(w) ?? '')) ?? 'a disk';
  if (wipe) out.push(finding('disk.partition-wipe', 'CRITICAL', `Blocked ${cmd.name} on ${q(dev)}: it deletes the partition table or partitions.`, cmd));
  else if (scripted) out.push(finding('disk.partition-wipe', 'CRITICAL', `Blocked ${cmd.name} on ${q(dev)} with an edit script on its input: it rewrites the partition table unattended.`, cmd));
  else out.push(finding('disk.partition-edit', 'HIGH', `${cmd.name} edits the partition table of ${q(dev)}.`, cmd));
}

/** ddrescue copies its first operand onto its second: onto a disk, it overwrites it. */
function ddrescue(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  if (ops.length >= 2) {
    const f = writeTargetFinding(ops[1], cmd, `${cmd.name} onto`);
    if (f !== null) out.push(f);
  }
}

const ERASE = 'it erases the whole disk beyond recovery.';
// Firmware-level erase and format commands: their danger is a verb or a flag, so they are data for cliPack.
const eraseTools = cliPack('disks', [
  {
    commands: ['nvme'],
    rules: [{ rule: 'disk.firmware-erase', verbs: [/^(format|sanitize|write-zeroes|delete-ns|ns-delete)$/], risk: 'CRITICAL', reason: `Blocked an NVMe format or sanitize: ${ERASE}` }],
  },
  {
    commands: ['hdparm'],
    rules: [
      {
        rule: 'disk.firmware-erase',
        verbs: [],
        flags: ['--security-erase', '--security-erase-enhanced', '--trim-sector-ranges', '--trim-sector-ranges-stdin', '--write-sector', '--make-bad-sector', '--dco-restore'],
        risk: 'CRITICAL',
        reason: `Blocked an ATA secure erase or raw sector write with hdparm: ${ERASE}`,
      },
      { rule: 'disk.firmware-edit', verbs: [], flags: ['--security-set-pass', '--security-disable', '--fwdownload', '-N', '--dco-setmax'], risk: 'HIGH', reason: 'hdparm changes the disk\'s security password, firmware or size.' },
    ],
  },
  { commands: ['sg_format'], rules: [{ rule: 'disk.firmware-erase', verbs: [], flags: ['--format', '-F'], risk: 'CRITICAL', reason: `Blocked a SCSI low-level format: ${ERASE}` }] },
  {
    commands: ['sg_sanitize'],
    rules: [{ rule: 'disk.firmware-erase', verbs: [], flags: ['--block', '--crypto', '--overwrite', '-B', '-C', '-O'], risk: 'CRITICAL', reason: `Blocked a SCSI sanitize: ${ERASE}` }],
  },
  {
    commands: ['diskutil'],
    rules: [
      {
        rule: 'disk.partition-wipe',
        verbs: ['erasedisk|erasevolume|zerodisk|randomdisk|secureerase|partitiondisk|reformat|deletecontainer|deletevolume|erasecontainer|deletepartition'],
        risk: 'CRITICAL',
        reason: 'Blocked diskutil erasing or repartitioning a disk: everything on it is lost.',
      },
      { rule: 'disk.partition-edit', verbs: ['splitpartition|mergepartitions|resizevolume|addpartition|resizecontainer'], risk: 'HIGH', reason: 'diskutil changes the partitions of a disk.' },
    ],
  },
]);

export const disksPack: RulePack = {
  name: 'disks',
  keywords: ['dev', 'mkfs', ...eraseTools.keywords],
  rules: [
    {
      commands: ['mkfs', 'mke2fs', 'mkswap', 'mkdosfs', 'mkntfs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkfs.fat', 'mkfs.ntfs', 'mkfs.exfat', 'mkfs.f2fs', 'newfs'],
      check: mkfs,
    },
    { commands: ['dd', 'dcfldd', 'dc3dd'], check: dd },
    { commands: ['ddrescue'], check: ddrescue },
    { commands: ['wipefs'], check: wipefs },
    { commands: ['blkdiscard'], check: blkdiscard },
    { commands: Object.keys(TABLE_TOOLS), check: partition },
    ...eraseTools.rules,
  ],
};
