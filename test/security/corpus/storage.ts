// Storage layers: LVM, mdadm, ZFS, btrfs, LUKS and Ceph; removing a volume erases what is on it.
import { A, D, OK } from '../cases.js';
import type { Case } from '../cases.js';

export const CASES: Case[] = [
  ...D('storage.lvm', 'storage.volume-remove', 'lvremove /dev/vg0/data', 'lvremove -f vg0/home', 'lvremove -y /dev/mapper/vg0-root', 'vgremove vg0', 'vgremove -f data-vg', 'pvremove /dev/sdb1', 'pvremove -ff /dev/nvme1n1', 'sudo lvremove -f /dev/ubuntu-vg/ubuntu-lv', 'lvm lvremove vg0/tmp', 'lvm vgremove -f vg1'),
  ...A('storage.lvm', 'storage.volume-shrink', 'HIGH', 'lvreduce -L 10G /dev/vg0/data', 'lvreduce -r -L -5G vg0/home', 'lvreduce --size 1G -f vg/lv', 'lvm lvreduce -L 2G vg/lv'),
  ...A('storage.lvm', 'storage.volume-shrink', 'MEDIUM', 'vgreduce vg0 /dev/sdc', 'vgreduce --removemissing vg0'),
  ...OK('storage.lvm', 'lvs', 'vgs', 'pvs -o+pv_used', 'lvdisplay /dev/vg0/data', 'lvcreate -L 10G -n scratch vg0', 'lvextend -r -L +5G /dev/vg0/data', 'lvremove --test vg0/data', 'lvremove -t /dev/vg0/data', 'lvremove --help', 'vgdisplay'),
  ...D('storage.mdadm', 'storage.raid-destroy', 'mdadm --zero-superblock /dev/sdb1', 'mdadm --misc --zero-superblock /dev/sd[bc]1', 'mdadm --create /dev/md0 --level=1 --raid-devices=2 /dev/sdb /dev/sdc', 'mdadm -C /dev/md1 -l 5 -n 3 /dev/sd[def]'),
  ...A('storage.mdadm', 'storage.raid-degrade', 'HIGH', 'mdadm --stop /dev/md0', 'mdadm -S /dev/md127', 'mdadm /dev/md0 --fail /dev/sdb1 --remove /dev/sdb1', 'mdadm --manage /dev/md0 -r /dev/sdc1'),
  ...OK('storage.mdadm', 'mdadm --detail /dev/md0', 'mdadm -D /dev/md0', 'mdadm --examine /dev/sdb1', 'mdadm --detail --scan', 'cat /proc/mdstat', 'mdadm --assemble --scan'),
  ...D('storage.zfs', 'storage.zfs-destroy', 'zfs destroy -r tank/home', 'zfs destroy -R tank/data', 'zfs destroy -rf pool/vm', 'zfs destroy tank', 'sudo zfs destroy -r rpool/ROOT'),
  ...A('storage.zfs', 'storage.zfs-destroy', 'HIGH', 'zfs destroy tank/scratch', 'zfs destroy -f tank/docker/abc'),
  ...A('storage.zfs', 'storage.zfs-destroy', 'MEDIUM', 'zfs destroy tank/home@2024-01-01', 'zfs destroy pool/db@before-upgrade'),
  ...A('storage.zfs', 'storage.zfs-rollback', 'HIGH', 'zfs rollback -r tank/home@monday'),
  ...A('storage.zfs', 'storage.zfs-rollback', 'MEDIUM', 'zfs rollback tank/db@pre-migrate'),
  ...D('storage.zfs', 'storage.pool-destroy', 'zpool destroy tank', 'zpool destroy -f backup', 'zpool labelclear -f /dev/sdb'),
  ...D('storage.zfs', 'storage.pool-create', 'zpool create tank /dev/sdb', 'zpool create -f data mirror sdb sdc'),
  ...A('storage.zfs', 'storage.pool-edit', 'MEDIUM', 'zpool detach tank sdc', 'zpool offline tank /dev/sdd'),
  ...OK('storage.zfs', 'zfs list', 'zfs list -t snapshot', 'zfs snapshot tank/home@now', 'zfs get compression tank', 'zfs destroy -n -r tank/home', 'zfs destroy -nv tank/old', 'zpool status', 'zpool list', 'zpool scrub tank', 'zpool create test /tmp/disk.img', 'zpool create -n tank /dev/sdb'),
  ...A('storage.btrfs', 'storage.subvolume-delete', 'HIGH', 'btrfs subvolume delete /mnt/@snapshots/1', 'btrfs sub del /srv/data', 'btrfs su de -c /mnt/vol', 'btrfs subvolume delete --recursive /mnt/top'),
  ...A('storage.btrfs', 'storage.device-remove', 'HIGH', 'btrfs device delete /dev/sdc /mnt', 'btrfs device remove missing /data', 'btrfs dev del /dev/sdb /mnt'),
  ...A('storage.btrfs', 'storage.fs-repair', 'HIGH', 'btrfs rescue zero-log /dev/sdb'),
  ...OK('storage.btrfs', 'btrfs subvolume list /mnt', 'btrfs subvolume snapshot /mnt/@ /mnt/@snap', 'btrfs filesystem df /', 'btrfs device stats /mnt', 'btrfs scrub start /mnt', 'btrfs subvolume show /mnt/@'),
  ...D('storage.luks', 'storage.luks-destroy', 'cryptsetup luksFormat /dev/sdb1', 'cryptsetup -q luksFormat --type luks2 /dev/nvme0n1p3', 'cryptsetup luksErase /dev/sda2', 'cryptsetup erase -q /dev/sdc', 'echo -n pw | cryptsetup luksFormat /dev/vdb -'),
  ...A('storage.luks', 'storage.luks-key-remove', 'HIGH', 'cryptsetup luksKillSlot /dev/sda2 1', 'cryptsetup luksRemoveKey /dev/sda2', 'cryptsetup reencrypt /dev/sdb1'),
  ...OK('storage.luks', 'cryptsetup luksDump /dev/sda2', 'cryptsetup open /dev/sdb1 data', 'cryptsetup close data', 'cryptsetup status data', 'cryptsetup isLuks /dev/sda2', 'cryptsetup luksAddKey /dev/sda2', 'cryptsetup luksFormat --help'),
  ...D('storage.ceph', 'storage.ceph-delete', 'ceph osd pool delete rbd rbd --yes-i-really-really-mean-it', 'ceph osd pool rm volumes volumes --yes-i-really-really-mean-it', 'ceph fs rm cephfs --yes-i-really-mean-it', 'rados purge scratch --yes-i-really-really-mean-it', 'rados rmpool old old --yes-i-really-really-mean-it'),
  ...A('storage.ceph', 'storage.ceph-delete', 'HIGH', 'ceph osd purge 7 --yes-i-really-mean-it', 'ceph osd destroy 3 --force', 'ceph mon remove c', 'rbd rm volumes/vm-disk-1', 'rbd snap purge volumes/vm-1', 'radosgw-admin bucket rm --bucket=logs --purge-objects'),
  ...A('storage.ceph', 'storage.ceph-delete', 'MEDIUM', 'rados -p data rm obj-1'),
  ...OK('storage.ceph', 'ceph -s', 'ceph osd tree', 'ceph osd pool ls detail', 'ceph df', 'rbd ls volumes', 'rbd info volumes/vm-1', 'rados df', 'radosgw-admin bucket list', 'ceph health detail'),
];
