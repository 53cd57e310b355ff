// Container escape: privileged containers, host mounts and host namespaces (docker/podman/nerdctl/ctr), nsenter into PID 1, privileged pods.
import type { RiskLevel, SecurityFinding } from '../types.js';
import { basename, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { classifyPath, isBlockDevice, isCriticalSystemFile, normPath } from '../paths.js';
import { q } from './rule.js';
import type { RulePack } from './rule.js';

// Flags of run/create/exec that take no value; every other long option takes one (`--name x` or `--name=x`).
const BOOL_LONG = new Set(['privileged', 'rm', 'detach', 'interactive', 'tty', 'init', 'read-only', 'publish-all', 'no-healthcheck', 'oom-kill-disable', 'quiet', 'help', 'disable-content-trust', 'replace', 'rmi', 'read-only-tmpfs', 'no-hosts', 'env-host', 'http-proxy', 'sig-proxy', 'tls-verify', 'net-host', 'privileged-without-host-devices', 'rm-on-exit']);
const BOOL_SHORT = new Set(['d', 'i', 't', 'P', 'q']);
// Global options of the client that take a value (`docker -H tcp://x --context prod run ...`).
const GLOBAL_WITH_VALUE = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--url', '--connection', '--identity', '--namespace', '-n', '--address', '-a', '--root', '--runroot', '--storage-driver', '--cgroup-manager']);

interface RunSpec {
  /** Options as [name, value] pairs (value '' for a flag), long names without dashes, short ones as a letter. */
  opts: [string, string][];
  /** The words after the image: the command the container runs. */
  inner: string[];
}

/** Finds `run`/`create`/`exec` (also `container run`) and reads its options up to the image or container name. */
function runSpec(argv: readonly string[]): RunSpec | null {
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) i += GLOBAL_WITH_VALUE.has(argv[i]) ? 2 : 1;
  if (argv[i] === 'container') i++;
  if (!['run', 'create', 'exec'].includes(argv[i])) return null;
  const opts: [string, string][] = [];
  for (i++; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      i++;
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = w.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) opts.push([name, w.slice(eq + 1)]);
      else if (BOOL_LONG.has(name)) opts.push([name, '']);
      else opts.push([name, argv[++i] ?? '']);
      continue;
    }
    if (w.length > 1 && w[0] === '-') {
      for (let k = 1; k < w.length; k++) {
        const c = w[k];
        if (BOOL_SHORT.has(c)) {
          opts.push([c, '']);
          continue;
        }
        // `-v=/:/h` is `-v /:/h` to the engines' flag parser.
        opts.push([c, k + 1 < w.length ? w.slice(w[k + 1] === '=' ? k + 2 : k + 1) : argv[++i] ?? '']);
        break;
      }
      continue;
    }
    break;
  }
  return { opts, inner: argv.slice(i + 1) };
}

const SOCKET = /(^|\/)(docker|containerd|podman|crio|cri-dockerd)\.sock$/;
// Host files containers commonly read: time zone, CA certificates, shared memory.
const HARMLESS_HOST = /^\/(etc\/(localtime|timezone|ssl|pki|ca-certificates|hosts|resolv\.conf|machine-id)|usr\/share\/(zoneinfo|ca-certificates)|dev\/(shm|fuse|net\/tun|dri|snd|null|urandom|random))(\/|$)/;

type Hit = [rule: string, risk: RiskLevel, reason: string];

/** How bad it is to give a container the host path `src`. */
function hostMount(src: string, cwd: string | undefined): Hit | null {
  if (src === '' || !/^[/~.]/.test(src)) return null; // a named volume
  const p = normPath(src, cwd);
  if (p === null) return null;
  if (p === '/') return ['container.host-root-mount', 'CRITICAL', `Blocked mounting the host's root file system ${q(src)} into a container: it can read and rewrite every file of the host.`];
  if (SOCKET.test(p)) return ['container.docker-socket', 'HIGH', `Mounting ${q(src)} hands the container the container engine's socket, which is root on the host.`];
  if (HARMLESS_HOST.test(p)) return null;
  const cls = classifyPath(p);
  if (cls === 'system' || cls === 'home' || cls === 'home-secret' || isCriticalSystemFile(p)) {
    return ['container.host-mount', 'HIGH', `Mounting ${q(src)} gives the container a system directory, a home directory or credentials of the host.`];
  }
  return null;
}

/** The host source of a `--mount type=bind,source=/,target=/h` value. */
function mountSource(value: string): string | null {
  let src: string | null = null;
  let bind = true;
  for (const kv of value.split(',')) {
    const [k, v = ''] = kv.split('=');
    if (k === 'type') bind = v === 'bind';
    else if (k === 'source' || k === 'src') src = v;
  }
  return bind ? src : null;
}

const HOST_NS = /^(pid|net|network|ipc|uts|userns|cgroupns)$/;
const BAD_CAPS = /^(CAP_)?(SYS_ADMIN|ALL|SYS_MODULE|SYS_PTRACE|DAC_READ_SEARCH|SYS_RAWIO)$/i;
const NO_CONFINEMENT = /^(apparmor[=:]unconfined|seccomp[=:]unconfined|label[=:]disable|systempaths[=:]unconfined)$/i;

function containerRun(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const spec = runSpec(cmd.argv);
  if (spec === null || spec.opts.some(([n]) => n === 'help')) return;
  const hits: Hit[] = [];
  let hostPid = false;
  let escapeCap = false;
  for (const [name, value] of spec.opts) {
    if (name === 'privileged' && value !== 'false') {
      hits.push(['container.privileged', 'CRITICAL', `Blocked a privileged container (${cmd.name} --privileged): it has every device and capability of the host and can take it over.`]);
    } else if (name === 'v' || name === 'volume') {
      const h = hostMount(value.split(':')[0], cmd.cwd);
      if (h !== null) hits.push(h);
    } else if (name === 'mount') {
      const src = mountSource(value);
      const h = src === null ? null : hostMount(src, cmd.cwd);
      if (h !== null) hits.push(h);
    } else if (HOST_NS.test(name) && value === 'host') {
      if (name === 'pid') hostPid = true;
      hits.push(['container.host-namespace', 'HIGH', `--${name}=host shares the host's ${name === 'pid' ? 'processes' : name === 'userns' ? 'users' : name} with the container.`]);
    } else if (name === 'cap-add' && value.split(',').some((c) => BAD_CAPS.test(c))) {
      escapeCap = true;
      hits.push(['container.capability', 'HIGH', `--cap-add ${value} gives the container a capability that can break out to the host.`]);
    } else if (name === 'security-opt' && NO_CONFINEMENT.test(value)) {
      hits.push(['container.no-confinement', 'HIGH', `--security-opt ${value} turns off the confinement that keeps the container away from the host.`]);
    } else if (name === 'device') {
      const dev = normPath(value.split(':')[0]) ?? '';
      if (isBlockDevice(dev) || /^\/dev\/(k?mem|port)$/.test(dev)) hits.push(['container.device', 'HIGH', `--device ${value} gives the container raw access to a host disk or memory.`]);
    }
  }
  if (hostPid && (escapeCap || spec.inner.some((w) => basename(w) === 'nsenter'))) {
    hits.push(['container.host-escape', 'CRITICAL', 'Blocked a container that shares the host\'s processes and enters PID 1: it runs as root on the host.']);
  }
  for (const [rule, risk, reason] of hits) out.push(finding(rule, risk, reason, cmd));
}

const NSENTER_NS = /^-[a-zA-Z]*[mnpuiUCTa]|^--(mount|net|pid|uts|ipc|user|cgroup|time|all)/;

/** `nsenter -t 1 -m -p ...` enters the host's init namespaces: from a container, that is an escape. */
function nsenter(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  if (a.includes('--help') || a.includes('-h')) return;
  let target: string | undefined;
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (w === '-t' || w === '--target') target = a[i + 1];
    else if (/^-t\d+$/.test(w)) target = w.slice(2);
    else if (w.startsWith('--target=')) target = w.slice(9);
    else if (/^--(mount|net|pid|uts|ipc|user|cgroup)=\/proc\/1\/ns\//.test(w)) target = '1';
  }
  if (target === '1' && a.some((w) => NSENTER_NS.test(w))) {
    out.push(finding('container.nsenter-host', 'CRITICAL', 'Blocked nsenter into the namespaces of PID 1: it runs a root shell on the host, outside any container.', cmd));
  }
}

// Pod specs that give a container the host: privileged, host namespaces, the host's root as a hostPath.
const POD_PRIVILEGED = /["']?privileged["']?\s*:\s*["']?true/;
const POD_HOST_ROOT = /["']?hostPath["']?\s*:\s*\{?\s*["']?path["']?\s*:\s*["']?\/["']?\s*[,}\n]/;
const POD_HOST_NS = /["']?host(PID|Network|IPC)["']?\s*:\s*["']?true/;

function kubectl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  const verb = a.find((w) => ['run', 'apply', 'create', 'replace', 'patch', 'debug'].includes(w));
  if (verb === undefined || a.includes('--help') || a.includes('-h')) return;
  let text = a.join(' ') + '\n' + (cmd.stdinText ?? '');
  for (const f of cmd.feeders) if (f.name === 'echo' || f.name === 'printf') text += '\n' + f.argv.slice(1).join(' ');
  if ((verb === 'run' && a.some((w) => w === '--privileged' || w === '--privileged=true')) || POD_PRIVILEGED.test(text) || POD_HOST_ROOT.test(text)) {
    out.push(finding('container.privileged-pod', 'CRITICAL', `Blocked ${cmd.name} ${verb} of a privileged pod or one that mounts the node's root: it takes over the node.`, cmd));
  } else if (POD_HOST_NS.test(text)) {
    out.push(finding('container.host-namespace', 'HIGH', `${cmd.name} ${verb} creates a pod that shares the node's processes or network.`, cmd));
  } else if (verb === 'debug' && a.some((w) => /^node\//.test(w)) && !a.includes('--dry-run')) {
    out.push(finding('container.node-debug', 'HIGH', `${cmd.name} debug node/... starts a pod with the node's root file system and host namespaces.`, cmd));
  }
}

export const containersPack: RulePack = {
  name: 'containers',
  // Every command name here is rare or already parsed for other packs: no extra keyword.
  keywords: [],
  rules: [
    { commands: ['docker', 'podman', 'nerdctl', 'ctr'], check: containerRun },
    { commands: ['nsenter'], check: nsenter },
    { commands: ['kubectl', 'oc', 'microk8s.kubectl'], check: kubectl },
  ],
};
