// Storage layers under the file systems: LVM, mdadm RAID, ZFS, btrfs, LUKS, Ceph. Removing a volume erases what is on it.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack, hasFlag } from './cli.js';
import type { CliTool } from './cli.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

/** LVM's test mode changes nothing. */
const LVM_PREVIEW = ['--help', '--test', '-t'];

/** Every abbreviation btrfs accepts for `word` (it takes any unique prefix), as one RegExp. */
function abbrev(word: string, min: number): RegExp {
  let re = '';
  for (let i = word.length - 1; i >= min; i--) re = `(?:${word[i]}${re})?`;
  return new RegExp(`^${word.slice(0, min)}${re}$`);
}

const LVM: CliTool['rules'] = [
  { rule: 'storage.volume-remove', verbs: ['lvremove|vgremove|pvremove'], unless: LVM_PREVIEW, risk: 'CRITICAL', reason: 'Blocked removing an LVM volume: the data on it is gone.' },
  { rule: 'storage.volume-shrink', verbs: ['lvreduce'], unless: LVM_PREVIEW, risk: 'HIGH', reason: 'lvreduce shrinks a logical volume and cuts off whatever data lies past the new end.' },
  { rule: 'storage.volume-shrink', verbs: ['vgreduce'], unless: LVM_PREVIEW, risk: 'MEDIUM', reason: 'vgreduce takes physical volumes out of a volume group.' },
];

const TOOLS: readonly CliTool[] = [
  { commands: ['lvremove', 'vgremove', 'pvremove'], rules: [{ rule: 'storage.volume-remove', verbs: [], unless: LVM_PREVIEW, risk: 'CRITICAL', reason: 'Blocked removing an LVM volume: the data on it is gone.' }] },
  { commands: ['lvreduce'], rules: [{ ...LVM[1], verbs: [] }] },
  { commands: ['vgreduce'], rules: [{ ...LVM[2], verbs: [] }] },
  { commands: ['lvm'], rules: LVM },
  {
    commands: ['mdadm'],
    rules: [
      { rule: 'storage.raid-destroy', verbs: [], flags: ['--zero-superblock', '--create', '-C'], risk: 'CRITICAL', reason: 'Blocked mdadm --create/--zero-superblock: it overwrites the RAID metadata of the member disks.' },
      { rule: 'storage.raid-degrade', verbs: [], flags: ['--stop', '-S', '--fail', '--remove', '-r'], risk: 'HIGH', reason: 'mdadm stops an array or fails/removes a member disk.' },
    ],
  },
  {
    commands: ['zpool'],
    rules: [
      { rule: 'storage.pool-destroy', verbs: ['destroy|labelclear'], risk: 'CRITICAL', reason: 'Blocked zpool destroy/labelclear: it destroys the pool and every dataset in it.' },
      { rule: 'storage.pool-edit', verbs: ['remove|detach|offline|split|reguid'], unless: ['--help', '-n'], risk: 'MEDIUM', reason: 'zpool takes a device out of the pool, reducing its redundancy.' },
    ],
  },
  {
    commands: ['btrfs'],
    rules: [
      { rule: 'storage.subvolume-delete', verbs: [abbrev('subvolume', 2), abbrev('delete', 2)], risk: 'HIGH', reason: 'btrfs subvolume delete deletes the subvolume (or snapshot) and its files.' },
      { rule: 'storage.device-remove', verbs: [abbrev('device', 3), /^(de(l(e(t(e)?)?)?)?|rem(o(v(e)?)?)?)$/], risk: 'HIGH', reason: 'btrfs device delete migrates data off a device and drops it from the file system.' },
      { rule: 'storage.fs-repair', verbs: [abbrev('rescue', 3), /^(zero-log|chunk-recover|super-recover)$/], risk: 'HIGH', reason: 'btrfs rescue rewrites file-system metadata and can lose data.' },
    ],
  },
  {
    commands: ['cryptsetup'],
    rules: [
      { rule: 'storage.luks-destroy', verbs: ['lukserase|erase|luksformat'], unless: ['--help', '--test-passphrase'], risk: 'CRITICAL', reason: 'Blocked cryptsetup luksFormat/luksErase: the encrypted data becomes unrecoverable.' },
      { rule: 'storage.luks-key-remove', verbs: ['lukskillslot|luksremovekey|reencrypt'], risk: 'HIGH', reason: 'cryptsetup removes a LUKS key slot; losing the last one makes the data unrecoverable.' },
    ],
  },
  {
    commands: ['ceph'],
    rules: [
      { rule: 'storage.ceph-delete', verbs: ['osd', 'pool', 'delete|rm'], risk: 'CRITICAL', reason: 'Blocked ceph osd pool delete: it deletes the pool and every object in it.' },
      { rule: 'storage.ceph-delete', verbs: ['fs', 'rm|fail'], risk: 'CRITICAL', reason: 'Blocked ceph fs rm: it deletes (or takes down) a CephFS file system.' },
      { rule: 'storage.ceph-delete', verbs: ['osd', 'purge|destroy|rm'], risk: 'HIGH', reason: 'ceph osd purge/destroy removes an OSD and the copies it held.' },
      { rule: 'storage.ceph-delete', verbs: ['mon|mds', 'remove|rm|fail'], risk: 'HIGH', reason: 'ceph removes a monitor or metadata server from the cluster.' },
    ],
  },
  {
    commands: ['rbd'],
    rules: [
      { rule: 'storage.ceph-delete', verbs: ['rm|remove|trash|purge'], risk: 'HIGH', reason: 'rbd deletes a block image (or its snapshots) and the data in it.' },
      { rule: 'storage.ceph-delete', verbs: ['snap', 'purge|rm|remove|rollback|revert'], risk: 'HIGH', reason: 'rbd deletes or rolls back image snapshots.' },
    ],
  },
  {
    commands: ['rados'],
    rules: [
      { rule: 'storage.ceph-delete', verbs: ['purge|rmpool'], risk: 'CRITICAL', reason: 'Blocked rados purge/rmpool: it deletes every object of the pool.' },
      { rule: 'storage.ceph-delete', verbs: ['rm'], risk: 'MEDIUM', reason: 'rados rm deletes objects from the pool.' },
    ],
  },
  { commands: ['radosgw-admin'], rules: [{ rule: 'storage.ceph-delete', verbs: ['bucket|user', 'rm'], risk: 'HIGH', reason: 'radosgw-admin removes an object-store bucket or user (with --purge-objects/--purge-data, their data).' }] },
];

/** zfs destroy (-r/-R: every descendant) and rollback (-r: later snapshots). -n previews. */
function zfs(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const verb = ops[0];
  if ((verb !== 'destroy' && verb !== 'rollback') || hasFlag(cmd.argv, '-n') || hasFlag(cmd.argv, '--help')) return;
  const target = ops[1] ?? '';
  const recursive = hasFlag(cmd.argv, '-r') || hasFlag(cmd.argv, '-R');
  if (verb === 'rollback') {
    out.push(finding('storage.zfs-rollback', recursive ? 'HIGH' : 'MEDIUM', `zfs rollback to ${q(target)} discards every change${recursive ? ' and every later snapshot' : ''} since it.`, cmd));
  } else if (recursive || !/[@/]/.test(target)) {
    out.push(finding('storage.zfs-destroy', 'CRITICAL', `Blocked zfs destroy ${q(target)}${recursive ? ' with its descendants' : ''}: the datasets and their data are gone.`, cmd));
  } else if (target.includes('@')) {
    out.push(finding('storage.zfs-destroy', 'MEDIUM', `zfs destroy deletes the snapshot ${q(target)}.`, cmd));
  } else {
    out.push(finding('storage.zfs-destroy', 'HIGH', `zfs destroy deletes the dataset ${q(target)} and its data.`, cmd));
  }
}

/** zpool create over raw disks formats them. */
function zpoolCreate(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  if (ops[0] !== 'create' || hasFlag(cmd.argv, '-n')) return;
  const dev = ops.slice(2).find((o) => /^\/dev\/|^(sd[a-z]+|nvme\d|vd[a-z]|xvd[a-z]|hd[a-z]|da\d|ada\d|disk\d)/.test(o));
  if (dev !== undefined) out.push(finding('storage.pool-create', 'CRITICAL', `Blocked zpool create on ${q(dev)}: it erases what is on the disk.`, cmd));
}

const verbs = cliPack('storage', TOOLS);

export const storagePack: RulePack = {
  name: 'storage',
  keywords: verbs.keywords,
  rules: [...verbs.rules, { commands: ['zfs'], check: zfs }, { commands: ['zpool'], check: zpoolCreate }],
};
