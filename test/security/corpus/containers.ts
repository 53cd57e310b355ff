// Container escape: privileged containers, host mounts and namespaces, nsenter into PID 1, privileged pods; and ordinary container work.
import { A, D, OK } from '../cases.js';
import type { Case } from '../cases.js';

const ENGINES = ['docker', 'podman', 'nerdctl', 'sudo docker'];

// The same escape through each engine and each way of spelling the flag.
const privileged: string[] = [];
for (const e of ENGINES) {
  privileged.push(`${e} run --privileged -it alpine sh`, `${e} run -it --rm --privileged=true ubuntu bash`, `${e} create --privileged --name box debian`);
}

const rootMounts: string[] = [];
for (const e of ENGINES) {
  rootMounts.push(`${e} run -v /:/host alpine chroot /host`, `${e} run --volume=/:/mnt -it busybox`, `${e} run --rm -it --mount type=bind,source=/,target=/h alpine sh`);
}

export const CASES: Case[] = [
  ...D('container.privileged', 'container.privileged', ...privileged,
    'docker container run --privileged alpine', 'docker exec --privileged -it web sh', 'podman exec --privileged db bash',
    'docker -H tcp://10.0.0.5:2375 run --privileged alpine', 'docker --context prod run -d --privileged --restart=always img',
    'docker run -d --name=agent --net=bridge --privileged -v data:/data img', 'ctr run --privileged docker.io/library/alpine:latest x sh',
    'sudo -E docker run --privileged --pid=host -it alpine', 'bash -c "docker run --privileged alpine"', 'DOCKER_HOST=ssh://h docker run --privileged img',
    'docker run -e A=1 -p 8080:80 --privileged nginx', 'docker run -itd --privileged alpine', 'timeout 60 docker run --privileged alpine true'),
  ...D('container.host-root', 'container.host-root-mount', ...rootMounts,
    'docker run -v /:/host:ro alpine cat /host/etc/shadow', 'docker run -v=/:/rootfs img', 'docker run -itv /:/h alpine', 'docker run --volume /:/hostfs alpine',
    'docker run --mount src=/,dst=/host,type=bind alpine', 'docker run --mount=type=bind,src=/,target=/mnt alpine', 'docker run -v /tmp/..:/host alpine',
    'docker run -v "/":/host alpine', "docker run -v '/:/x' alpine", 'docker create -v /:/host --name c alpine', 'nerdctl run -v /:/host --rm alpine ls /host',
    'ctr run --mount type=bind,src=/,dst=/host,options=rbind:rw docker.io/library/alpine:latest t sh', 'podman run --rm -v /:/host:Z fedora', 'docker run -w /app -v /:/host -e X=1 node'),
  ...D('container.host-escape', 'container.host-escape', 'docker run --pid=host alpine nsenter -t 1 -m -u -n -i sh', 'docker run --rm -it --pid host ubuntu nsenter --target 1 --mount sh',
    'podman run --pid=host --cap-add=SYS_ADMIN alpine sh', 'docker run --pid=host --cap-add SYS_PTRACE alpine', 'docker run --pid=host --cap-add=ALL img'),
  ...D('container.nsenter', 'container.nsenter-host', 'nsenter -t 1 -m -u -i -n -p', 'nsenter -t 1 -m -u -i -n -p -- bash', 'nsenter --target 1 --mount --uts --ipc --net --pid',
    'nsenter --target=1 --all', 'sudo nsenter -t 1 -a sh', 'nsenter -t1 -m sh', 'nsenter -a -t 1', 'nsenter --mount=/proc/1/ns/mnt sh', 'nsenter -t 1 -m -p bash -c id', 'nsenter -m -t 1 /bin/sh',
    'sudo nsenter --target 1 --mount --pid -- su -'),
  ...D('container.pod', 'container.privileged-pod', 'kubectl run pwn --image=alpine --privileged -it -- sh', 'kubectl run x --image=busybox --privileged=true',
    'kubectl run x --image=alpine --overrides=\'{"spec":{"containers":[{"name":"x","image":"alpine","securityContext":{"privileged":true}}]}}\'',
    'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: alpine\n    securityContext:\n      privileged: true\nEOF',
    'kubectl create -f - <<EOF\nspec:\n  volumes:\n  - name: root\n    hostPath:\n      path: /\nEOF',
    'kubectl run x --image=alpine --overrides=\'{"spec":{"volumes":[{"name":"r","hostPath":{"path":"/"}}]}}\'', 'echo \'{"spec":{"securityContext":{"privileged": true}}}\' | kubectl apply -f -'),
  // Host namespaces, capabilities and confinement: a human should look.
  ...A('container.namespace', 'container.host-namespace', 'HIGH', 'docker run --pid=host alpine ps aux', 'docker run --net=host nginx', 'docker run --network=host redis', 'docker run --network host -d traefik',
    'podman run --ipc=host img', 'docker run --uts=host alpine hostname', 'docker run --userns=host alpine', 'nerdctl run --net host alpine', 'docker run --rm --pid host busybox top',
    'docker create --network=host --name proxy envoy', 'docker run --cgroupns=host img', 'kubectl run x --image=alpine --overrides=\'{"spec":{"hostPID":true}}\'', 'kubectl apply -f - <<EOF\nspec:\n  hostNetwork: true\nEOF'),
  ...A('container.capability', 'container.capability', 'HIGH', 'docker run --cap-add=SYS_ADMIN alpine', 'docker run --cap-add SYS_ADMIN --device /dev/fuse img', 'docker run --cap-add=ALL alpine', 'podman run --cap-add all img',
    'docker run --cap-add=CAP_SYS_ADMIN img', 'docker run --cap-add NET_ADMIN,SYS_MODULE img', 'docker run --cap-add=SYS_PTRACE gdb-image', 'docker run --cap-add=dac_read_search img'),
  ...A('container.confinement', 'container.no-confinement', 'HIGH', 'docker run --security-opt apparmor=unconfined alpine', 'docker run --security-opt seccomp=unconfined img', 'docker run --security-opt=seccomp:unconfined img',
    'podman run --security-opt label=disable fedora', 'docker run --security-opt systempaths=unconfined img', 'docker run --security-opt apparmor:unconfined --rm x'),
  ...A('container.socket', 'container.docker-socket', 'HIGH', 'docker run -v /var/run/docker.sock:/var/run/docker.sock docker:cli docker ps', 'docker run --rm -v /run/docker.sock:/var/run/docker.sock img',
    'docker run --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock portainer/portainer', 'podman run -v /run/podman/podman.sock:/run/podman/podman.sock img',
    'docker run -v /run/containerd/containerd.sock:/run/containerd/containerd.sock img', 'docker run -d -v /var/run/docker.sock:/tmp/docker.sock:ro watchtower'),
  ...A('container.device', 'container.device', 'HIGH', 'docker run --device=/dev/sda alpine', 'docker run --device /dev/nvme0n1:/dev/xvda img', 'docker run --device=/dev/mem img', 'podman run --device /dev/sdb1 img', 'docker run --device=/dev/vda alpine'),
  ...A('container.host-mount', 'container.host-mount', 'HIGH', 'docker run -v /etc:/host-etc alpine', 'docker run -v /root:/root alpine', 'docker run -v ~/.ssh:/root/.ssh alpine ssh git@github.com', 'docker run -v $HOME/.aws:/root/.aws amazon/aws-cli s3 ls',
    'docker run -v ~:/home/me alpine', 'docker run -v "$HOME":/h img', 'docker run -v /etc/shadow:/tmp/shadow alpine', 'docker run -v /usr:/usr:ro img', 'docker run -v /var:/var img', 'docker run -v /boot:/boot img',
    'docker run -v /proc:/host/proc img', 'docker run -v /sys:/sys img', 'docker run -v /dev:/dev img', 'docker run -v ~/.kube:/root/.kube bitnami/kubectl get pods', 'docker run -v ~/.gnupg:/gnupg img', 'docker run --mount type=bind,src=/etc,dst=/etc alpine',
    'podman run -v /home:/home img', 'docker run -v /etc/passwd:/etc/passwd:ro img', 'docker run -v ${HOME}/.docker:/root/.docker img', 'docker run -v /var/lib:/var/lib img', 'docker run -v /Users/me:/data img'),
  ...A('container.node-debug', 'container.node-debug', 'HIGH', 'kubectl debug node/worker-1 -it --image=busybox', 'kubectl debug node/ip-10-0-0-1 -it --image=ubuntu -- chroot /host'),
  // Ordinary container work stays allowed.
  ...OK('safe.container', 'docker run --rm -v "$PWD":/app -w /app node npm test', 'docker run --rm -v $(pwd):/src -w /src golang go build ./...', 'docker run --rm -v ./data:/data alpine ls /data',
    'docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=dev postgres:16', 'docker run -d --name redis -p 6379:6379 redis:7', 'docker run -v pgdata:/var/lib/postgresql/data postgres', 'docker run --rm -it alpine sh',
    'docker run --rm -v /etc/localtime:/etc/localtime:ro img', 'docker run -v /etc/ssl/certs:/etc/ssl/certs:ro img', 'docker run -v ~/projects/app:/app img', 'docker run -v /tmp/build:/out img', 'docker run --device /dev/fuse img',
    'docker run --gpus all nvidia/cuda nvidia-smi', 'docker run --cap-add=NET_ADMIN wireguard', 'docker run --cap-add NET_BIND_SERVICE img', 'docker run --security-opt no-new-privileges img', 'docker run --network my-net app',
    'docker run --net=bridge app', 'docker run --pid=container:web busybox ps', 'docker exec -it web bash', 'docker exec web ls /', 'docker run alpine echo --privileged', 'docker run --help', 'docker run alpine nsenter --help',
    'docker ps -a', 'docker images', 'docker logs -f web', 'docker inspect web', 'docker build -t app .', 'docker compose up -d', 'podman run --rm -v .:/work:Z fedora make', 'nerdctl run --rm -it alpine',
    'docker run --mount type=volume,source=data,target=/data img', 'docker run --mount type=bind,source="$(pwd)",target=/app img', 'docker run --mount type=tmpfs,target=/tmp img', 'docker run -v /mnt/data:/data img',
    'docker run --read-only --tmpfs /tmp img', 'docker run --user 1000:1000 -v "$PWD":/w img', 'nsenter --help', 'nsenter -t 4242 -n ip addr', 'nsenter --net=/var/run/netns/blue ip link', 'kubectl run web --image=nginx',
    'kubectl apply -f deploy.yaml', 'kubectl get pods -o wide', 'kubectl debug -it pod/web --image=busybox --target=web', 'echo "docker run --privileged" >> notes.md', 'grep -- --privileged docker-compose.yml',
    'git commit -m "drop --privileged and -v /:/host from the dev container"', 'docker run -e "FLAGS=--privileged" app'),
];
