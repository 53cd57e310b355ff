// Container housekeeping that loses work: removing every container or volume, pruning with volumes, resetting the
// engine, and pushing images to a registry (docker, podman, nerdctl, buildah; crictl for a node's containers).
// "Every" is read from the flags (`--all`) or from what fills the operands: `$(docker ps -aq)`, `docker volume ls -q |
// xargs ...`, unless a filter (`--filter`, grep) narrows the list first, which makes it ordinary clean-up.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { hasFlag } from './cli.js';
import { producers } from './listing.js';
import { operands } from './rule.js';
import type { RulePack } from './rule.js';

const ENGINES = new Set(['docker', 'podman', 'nerdctl', 'buildah']);
// Options of the engine (and of compose) that take a value, before the sub-command.
const GLOBAL_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory', '-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--namespace', '-n', '--address', '-a', '--connection', '--url', '--root', '--runroot', '--storage-driver']);
const GROUPS = new Set(['container', 'image', 'volume', 'network', 'system', 'builder', 'buildx', 'compose', 'manifest']);

type Kind = 'container' | 'image' | 'volume';

/** The engine's sub-command path: `['rm']`, `['container', 'rm']`, `['volume', 'prune']`, ... */
function subcommand(argv: readonly string[]): string[] {
  const path: string[] = [];
  for (let i = 1; i < argv.length && path.length < 2; i++) {
    const w = argv[i];
    if (w === '--') break;
    if (w.startsWith('-')) {
      // Before the sub-command only the engine's (or compose's) own options can stand: skip their values.
      if (GLOBAL_VALUE.has(w)) i++;
      continue;
    }
    path.push(w);
    if (!GROUPS.has(w)) break;
  }
  return path;
}

/** Which kind of object a listing command prints ids of, when it lists every one of them. */
function listsAll(cmd: SimpleCommand): Kind | undefined {
  if (!ENGINES.has(cmd.name) || hasFlag(cmd.argv, '--filter') || hasFlag(cmd.argv, '-f')) return undefined;
  const [a, b] = subcommand(cmd.argv);
  const list = b === 'ls' || b === 'list' || b === 'ps';
  if (a === 'ps' || (a === 'container' && list)) return 'container';
  if (a === 'images' || (a === 'image' && list)) return 'image';
  if (a === 'volume' && list) return 'volume';
  return undefined;
}

/** True when the command's operands are filled with every object of `kind`, unfiltered. */
function fedAll(cmd: SimpleCommand, kind: Kind): boolean {
  return producers(cmd).some((p) => !p.narrowed && p.from.some((f) => listsAll(f) === kind));
}

function every(cmd: SimpleCommand, kind: Kind): boolean {
  return hasFlag(cmd.argv, '--all') || (cmd.name !== 'docker' && hasFlag(cmd.argv, '-a')) || fedAll(cmd, kind);
}

function engine(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  if (hasFlag(a, '--help')) return;
  const [g, v] = subcommand(a);
  const verb = GROUPS.has(g) ? v : g;
  const kind: Kind | undefined = g === 'volume' ? 'volume' : g === 'image' || g === 'rmi' ? 'image' : g === 'container' || !GROUPS.has(g) ? 'container' : undefined;
  const push = verb === 'push' || ((verb === 'build' || verb === 'bake') && (hasFlag(a, '--push') || a.some((w) => /^(-o|--output)?=?type=registry\b/.test(w))));
  if (push) {
    out.push(finding('publish.image', 'HIGH', `${cmd.name} pushes an image to a registry: whoever can pull from it gets it, and the tag it replaces is gone.`, cmd));
  } else if (g === 'system' && v === 'reset') {
    out.push(finding('infra.docker-reset', 'HIGH', `${cmd.name} system reset deletes every container, image and volume, and the data in them.`, cmd));
  } else if (g === 'system' && v === 'prune') {
    if (hasFlag(a, '--volumes')) out.push(finding('infra.docker-prune-volumes', 'HIGH', `${cmd.name} system prune --volumes deletes every unused volume and the data in it.`, cmd));
    else if (hasFlag(a, '-a') || hasFlag(a, '--all')) out.push(finding('infra.docker-prune', 'MEDIUM', `${cmd.name} system prune -a deletes every unused image, container and network.`, cmd));
  } else if (g === 'volume' && (v === 'prune' || v === 'rm' || v === 'remove')) {
    if (v === 'prune' ? hasFlag(a, '-a') || hasFlag(a, '--all') : every(cmd, 'volume')) {
      out.push(finding('infra.docker-volume-rm', 'HIGH', `${cmd.name} volume ${v} deletes every volume and all the data in them.`, cmd));
    } else out.push(finding('infra.docker-volume-rm', 'MEDIUM', `${cmd.name} volume ${v} deletes volumes and the data in them.`, cmd));
  } else if (g === 'image' && v === 'prune') {
    if (hasFlag(a, '-a') || hasFlag(a, '--all')) out.push(finding('infra.docker-prune', 'MEDIUM', `${cmd.name} image prune -a deletes every image no container uses.`, cmd));
  } else if (kind === 'image' && (verb === 'rm' || verb === 'rmi' || verb === 'remove')) {
    if (every(cmd, 'image')) out.push(finding('infra.docker-prune', 'MEDIUM', `${cmd.name} removes every image on the machine.`, cmd));
  } else if (kind === 'container' && (verb === 'rm' || verb === 'remove')) {
    if ((hasFlag(a, '-f') || hasFlag(a, '--force')) && every(cmd, 'container')) {
      out.push(finding('infra.docker-rm-all', 'HIGH', `${cmd.name} rm -f removes every container, running ones included, and the data in their writable layers.`, cmd));
    }
  } else if (kind === 'container' && (verb === 'stop' || verb === 'kill') && every(cmd, 'container')) {
    out.push(finding('infra.docker-stop-all', 'MEDIUM', `${cmd.name} ${verb} stops every running container.`, cmd));
  } else if ((g === 'compose' && v === 'down') || (cmd.name === 'docker-compose' && g === 'down')) {
    if (hasFlag(a, '-v') || hasFlag(a, '--volumes')) out.push(finding('infra.docker-volume-rm', 'MEDIUM', "compose down -v deletes the project's volumes and the data in them.", cmd));
  }
}

function crictl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const verb = operands(cmd.argv)[0];
  if ((verb === 'rm' || verb === 'rmp') && (hasFlag(cmd.argv, '-a') || hasFlag(cmd.argv, '--all'))) {
    out.push(finding('infra.docker-rm-all', 'HIGH', `crictl ${verb} --all removes every container or pod sandbox of the node.`, cmd));
  }
}

export const containerOpsPack: RulePack = {
  name: 'container-ops',
  keywords: [],
  rules: [
    { commands: ['docker', 'podman', 'nerdctl', 'buildah', 'docker-compose'], check: engine },
    { commands: ['crictl'], check: crictl },
  ],
};
