// Paths in every spelling: globs resolved against the standard layout, brace words as commands, deletes outside the project, git clean at / or ~.
import { A, D, OK } from '../cases.js';
import type { Case } from '../cases.js';

export const CASES: Case[] = [
  // Globs in the first component stand for the worst standard directory they can match.
  ...D('fs.glob', 'fs.rm-system',
    'rm -rf /[e]tc', 'rm -rf /?sr', 'rm -rf /u*', 'rm -rf /e??', 'rm -rf /[!a-z]*', 'rm -rf /[^a-z]*', 'rm -rf /b??t', 'rm -rf /[bs]in', 'rm -rf /s*',
    'rm -rf /v?r', 'rm -rf /[ev]*', 'rm -fr /l*', 'rm -r -f /o?t', 'rm --recursive --force /[h]ome', 'sudo rm -rf /[e]tc/', 'rm -rf /u?r/l?b', 'rm -rf /usr/[l]ib',
    'rm -rf /?t?', 'rm -rf /[[:lower:]]tc', 'rm -rf /U*', 'rm -rf /Sys*', 'rm -rf /Libr?ry', 'rm -rf /Appl*', 'rm -rf /priv*',
    'cd / && rm -rf e??', 'cd /; rm -rf [u]sr', 'bash -c "rm -rf /e??"', 'env LANG=C rm -rf /[v]ar', 'nohup rm -rf /b* &', 'rm -rf /var/l?b',
    'rm -Rf /[a-z][a-z][a-z]', 'rm -rf /var/[l]og', 'timeout 9 rm -rf /srv*', 'rm -rf -- /e*',
  ),
  // `/*/bin` could be /usr/bin or the home of a user named bin: denied either way.
  ...D('fs.glob', undefined, 'rm -rf /*/bin', 'rm -rf /*/lib'),
  ...D('fs.glob', 'fs.rm-root', 'rm -rf /*/*', 'rm -rf /*/*/*', 'rm -rf /.*', 'rm -rf /*/..', 'rm -rf /[e]tc/..', 'rm -rf "/"*'),
  ...D('fs.glob', 'fs.rm-home', 'rm -rf ~/*', 'rm -rf ~/.*', 'rm -rf $HOME/*', 'rm -rf /[h]ome/alice', 'rm -rf /Users/?ob', 'rm -rf /r??t'),
  ...A('fs.glob', 'fs.rm-home-secret', 'HIGH',
    'rm -rf ~/.[s]sh', 'rm -rf ~/.s?h', 'rm -rf ~/.gn*', 'rm -rf ~/.a[w]s', 'rm -rf ~/.k*', 'rm -rf /home/alice/.[s]sh', 'rm -rf $HOME/.ssh*', 'rm -rf ~/.ssh/id_*',
    'rm -rf ~/.do?ker', 'rm -rf /root/.g*',
  ),
  ...A('fs.glob', 'fs.rm-home-dir', 'MEDIUM', 'rm -rf ~/D*', 'rm -rf ~/Doc*', 'rm -rf ~/[DP]*', 'rm -rf /home/bob/Pic*', 'rm -rf ~/Mu?ic'),
  ...D('fs.glob', 'fs.system-file-overwrite',
    'echo x > /e?c/passwd', 'echo x > /e?c/pass*', 'cat evil > /[e]tc/shadow', 'echo "%x ALL=(ALL) ALL" >> /etc/sud*', 'cp hosts /etc/pa??wd', 'tee /e*/sudoers < f',
    'echo key >> ~/.ssh/auth*', 'echo key >> ~/.s?h/authorized_keys', 'printf x > /boot/vmlin*', 'cp sh /[b]in/sh', 'mv x /usr/bin/?s', 'truncate -s0 /etc/f?tab',
  ),
  ...A('fs.glob', 'fs.system-write', 'HIGH', 'echo 127.0.0.1 x >> /e?c/hosts', 'cp a.conf /etc/ng*/nginx.conf', 'echo x > /var/l?g/syslog', 'tee -a /etc/ap?/sources.list'),
  ...D('fs.glob', 'perm.system-chmod', 'chmod -R 777 /[e]tc', 'chmod -R 000 /u*', 'chmod 666 /etc/sh?dow'),
  ...D('fs.glob', 'perm.recursive-system', 'chmod -R 777 /*'),
  ...D('fs.glob', 'perm.system-chown', 'chown -R nobody /*/..'),
  ...D('fs.glob', 'fs.shred', 'shred -u /e?c/passwd', 'shred /etc/[s]hadow'),
  ...D('fs.glob', 'fs.find-delete', 'find /e?? -delete', 'find /u* -type f -delete', 'find /[v]ar -name "*.log" -exec rm {} +'),
  // Globs that no standard directory fits are judged as an unknown directory outside the project.
  ...A('fs.glob', 'fs.rm-outside', 'MEDIUM', 'rm -rf /zz*', 'rm -rf /data*', 'rm -rf /[xyz]*', 'rm -rf /backup-20??'),
  ...OK('safe.glob',
    'ls /u*', 'ls -d /[e]tc', 'ls /e??', 'echo /*', 'du -sh /*', 'cat /e?c/hostname', 'grep -r x /e??/ssh', 'stat /[b]in/ls', 'find /u* -name "*.so" -print', 'file /usr/bin/?s',
    'rm -rf /tmp/*', 'rm -rf /tmp/build-*', 'rm -rf /t?p/x', 'rm -f ./*.log', 'rm -rf build/*', 'rm -rf dist/[a-z]*', 'rm -rf ./node_modules/.cache/*', 'rm -f *.tmp',
    'rm -rf ~/.cache/pip/*', 'rm -rf ~/projects/app/dist/*', 'cp /etc/host? ./hosts.bak', 'ls ~/.[s]sh', 'head -n1 /e?c/os-release', 'wc -l /var/log/*.log',
    'rm -rf /var/tmp/cache-*', 'rm -rf /dev/shm/app-*',
  ),

  // A word that starts with a brace expansion is the command itself.
  ...D('fs.brace', 'fs.rm-root',
    '{rm,-rf,/}', '{/bin/rm,-rf,/}', 'sudo {rm,-rf,/}', 'bash -c "{rm,-rf,/}"', "sh -c '{rm,-rf,/}'", 'eval "{rm,-rf,/}"', 'ls; {rm,-rf,/}', 'true && {rm,-fr,/}',
    '{rm,-rf,/*}', '{rm,--recursive,--force,/}', '(echo x; {rm,-rf,/})', 'for i in 1; do {rm,-rf,/}; done', 'if true; then {rm,-rf,/}; fi', 'x=$({rm,-rf,/})',
    'echo hi | {rm,-rf,/}', '{r\'\'m,-rf,/}', '{"rm",-rf,/}', 'env {rm,-rf,/}', '{rm,-rf,/tmp/..}', 'rm -rf {/,/tmp}',
  ),
  ...D('fs.brace', 'fs.rm-home', '{/bin/rm,-rf,~}', '{rm,-rf,~}', '{rm,-rf,$HOME}', 'bash -c \'{rm,-r,~/}\'', 'rm -rf {~,/tmp/x}', 'rm -rf ~/{,.}*'),
  ...D('fs.brace', 'fs.rm-system', 'rm -rf /home/*/', '{rm,-rf,/etc}', '{rm,-rf,/usr/lib}', 'rm -rf /{etc,usr}', 'rm -rf /{bin,sbin}', 'rm -rf /usr/{lib,bin}', 'rm -rf /{tmp,var}'),
  ...D('fs.brace', 'disk.mkfs', '{mkfs.ext4,/dev/sda}'),
  ...D('fs.brace', 'disk.device-write', '{dd,if=/dev/zero,of=/dev/sda}'),
  ...OK('safe.brace',
    'echo {a,b}', 'echo {1..5}', 'mkdir -p src/{lib,bin,test}', 'cp config.{yml,yml.bak}', 'mv file.{txt,md}', 'touch {a,b,c}.ts', 'ls {src,test}/*.ts',
    'echo {rm,-rf,/}', 'printf "%s\\n" {rm,-rf,/}', 'rm -rf {dist,build,coverage}', 'rm -rf ./{node_modules,.next}', 'rm -rf /tmp/{a,b}', '{ls,-la}', '{echo,hi}',
    'git diff HEAD~1 -- src/{a,b}.ts', 'diff old/{x,y}.json',
  ),

  // rm -rf of absolute paths outside the project and the temporary directories asks.
  ...A('fs.outside', 'fs.rm-outside', 'MEDIUM',
    'rm -rf /some/path', 'rm -rf /data/old', 'rm -rf /backups', 'rm -rf /workspace/other-repo', 'rm -r /scratch/alice', 'sudo rm -rf /data', 'rm -rf "/build cache"',
    'rm -Rf /ci/workdir', 'rm -rf --one-file-system /data/pg', 'cd /data && rm -rf old', 'rm -rf /app', 'rm -rf /code/legacy',
    'bash -c "rm -rf /export/home2"', 'rm -rf /cache/x /tmp/y',
  ),
  // Mount roots (/Volumes, /mnt) hold other disks: below them is as serious as below /opt.
  ...A('fs.outside', 'fs.rm-system', 'HIGH', 'rm -rf /Volumes/Backup/old', 'rm -rf /mnt/data/old',
  ),
  ...OK('safe.outside',
    'rm -rf /tmp/build', 'rm -rf "$TMPDIR/x"', 'rm -rf $TMPDIR/build-1', 'rm -rf "${TMPDIR}/cache"', 'rm -rf ${TMPDIR:-/tmp}/x', 'rm -rf /var/tmp/x', 'rm -rf /private/tmp/x',
    'rm -rf /dev/shm/x', 'rm -rf /private/var/folders/ab/T/x', 'rm -rf /var/folders/xy/T/tmp.1', 'rm -rf node_modules dist', 'rm -rf ./build', 'rm -rf target/debug',
    'rm -rf .venv', 'rm -rf src/generated', 'rm /some/path/file.txt', 'rm -f /data/lock.pid', 'ls -la /data/old', 'cd /tmp && rm -rf x', 'rm -rf "$TMPDIR"/*',
  ),

  // git clean in a home or at / (after git init there) deletes everything git does not track: all of it.
  ...D('git.clean-root', 'git.clean-root',
    'cd / && git init && git clean -ffdx', 'cd / && git init && git clean -fdx', 'cd /; git init; git clean -xdf', 'git -C / init && git -C / clean -ffdx',
    'git --work-tree=/ --git-dir=/tmp/g clean -fdx', 'git --work-tree / --git-dir /tmp/g clean -xdff', 'cd ~ && git init && git clean -fdx', 'cd && git clean -fd',
    'git -C ~ clean -ffdx', 'git -C $HOME clean -fdx', 'cd /etc && git clean -fdx', 'sudo git -C / clean -fdx', 'cd /usr && git init && git clean -xfd',
    'git -C /tmp -C / clean -fdx', 'bash -c "cd / && git init -q && git clean -ffdx"', 'cd /home/alice && git clean -fdX', 'git -C /root clean -df',
  ),
  ...A('git.clean-root', 'git.clean-root', 'HIGH', 'git -C ~ clean -f', 'cd / && git clean -f'),
  ...A('git.clean', 'git.clean', 'MEDIUM', 'git clean -fdx', 'git clean -ffdx', 'cd /tmp/x && git clean -fdx', 'git -C ../other clean -fd', 'cd ~/projects/app && git clean -fdx'),
  ...OK('safe.git-clean', 'git clean -n', 'git clean -ndx', 'git -C / status', 'cd / && git clean -n -dx', 'git -C ~ clean --dry-run -fdx', 'cd / && git init --help', 'git init', 'git init /tmp/repo'),
];
