// Kubernetes: kubectl delete by scope (one object, stored data, a namespace, every namespace, a CRD), drain, scaling
// everything to zero, apply --prune, and helm uninstall. Options that take a value are skipped so `-n prod` is not
// read as the verb or the kind.
import type { RiskLevel, SecurityFinding } from '../types.js';
import { DYN, finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { hasFlag } from './cli.js';
import { producers } from './listing.js';
import type { RulePack } from './rule.js';

const KUBECTL_VALUE = new Set([
  '-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--as-uid',
  '-l', '--selector', '-f', '--filename', '-k', '--kustomize', '-o', '--output', '--field-selector', '--grace-period', '--timeout',
  '-c', '--container', '--request-timeout', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key',
  '--replicas', '--cascade', '--current-replicas', '--resource-version', '--prune-allowlist', '--pod-selector', '-v', '--v',
  '--kube-context', '--repo', '--version',
]);

interface Parsed {
  ops: string[];
  /** Flags as written, with their values when given as `--flag=value` or as the next word. */
  values: Map<string, string>;
}

function parse(argv: readonly string[], from: number): Parsed {
  const ops: string[] = [];
  const values = new Map<string, string>();
  for (let i = from; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') break;
    if (w.length > 1 && w[0] === '-') {
      const eq = w.indexOf('=');
      if (eq > 0) values.set(w.slice(0, eq), w.slice(eq + 1));
      else if (KUBECTL_VALUE.has(w) && i + 1 < argv.length) values.set(w, argv[++i]);
      else values.set(w, '');
      continue;
    }
    ops.push(w);
  }
  return { ops, values };
}

/** `--dry-run`, `--dry-run=client|server` preview; `--dry-run=none` really runs. */
function preview(p: Parsed): boolean {
  const d = p.values.get('--dry-run');
  return p.values.has('--help') || p.values.has('-h') || (d !== undefined && d !== 'none');
}

const NAMESPACE = /^(ns|namespaces?|projects?)$/;
const CRD = /^(crds?|customresourcedefinitions?)$/;
const STORED = /^(no|nodes?|pv|persistentvolumes?|pvc|persistentvolumeclaims?|sc|storageclass(es)?|secrets?|clusterroles?|clusterrolebindings?|(validating|mutating)webhookconfigurations?|apiservices?|volumesnapshots?|all)$/;

/** The kinds a delete names; `kubectl get crd -o name | xargs kubectl delete` deletes the kinds the listing printed. */
function kindsOf(what: string, cmd: SimpleCommand): string[] {
  const kinds = what.toLowerCase().split(',').map((x) => x.split('/')[0].split('.')[0]);
  if (!what.includes(DYN)) return kinds;
  for (const { from } of producers(cmd)) {
    for (const f of from) {
      const p = f.name === cmd.name ? parse(f.argv, 1) : undefined;
      if (p?.ops[0] === 'get' && p.ops[1] !== undefined) kinds.push(...kindsOf(p.ops[1], f));
    }
  }
  return kinds;
}

function kubectl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  // `k3s kubectl ...`, `microk8s kubectl ...` run kubectl.
  const from = cmd.name === 'k3s' || cmd.name === 'microk8s' ? cmd.argv.indexOf('kubectl') + 1 : 1;
  if (from === 0) return;
  const p = parse(cmd.argv, from);
  const [verb, what = ''] = p.ops;
  if (verb === undefined || preview(p)) return;
  const has = (...flags: string[]): boolean => flags.some((f) => p.values.has(f) || hasFlag(cmd.argv, f));
  const selected = has('-l', '--selector', '--field-selector');
  const k = (r: string, risk: RiskLevel, reason: string): void => void out.push(finding(r, risk, reason, cmd));
  if (verb === 'delete') {
    const kinds = kindsOf(what, cmd);
    if (kinds.some((x) => NAMESPACE.test(x))) k('infra.k8s-delete-namespace', 'CRITICAL', 'Blocked kubectl delete of a namespace: it removes every workload and all the data in it.');
    else if (kinds.some((x) => CRD.test(x))) k('infra.k8s-delete-crd', 'CRITICAL', 'Blocked deleting a CustomResourceDefinition: every resource of that kind, in every namespace, is deleted with it.');
    else if (has('-A', '--all-namespaces') && !selected) k('infra.k8s-delete-namespace', 'CRITICAL', 'Blocked kubectl delete across all namespaces: it removes resources from the whole cluster.');
    else if (p.values.has('--all') && p.values.get('--all') !== 'false') k('infra.k8s-delete-namespace', 'CRITICAL', 'Blocked kubectl delete --all: it removes every resource of that kind in the namespace.');
    else if (has('-A', '--all-namespaces') || kinds.some((x) => STORED.test(x))) k('infra.k8s-delete', 'HIGH', `kubectl delete ${what} removes cluster-wide resources, stored data or objects in every namespace.`);
    else k('infra.k8s-delete', 'MEDIUM', 'kubectl delete removes resources from the cluster.');
  } else if (verb === 'drain') {
    k('infra.k8s-drain', 'HIGH', 'kubectl drain evicts every workload from a node.');
  } else if (verb === 'scale' && /^0+$/.test(p.values.get('--replicas') ?? '')) {
    if (has('--all', '-A', '--all-namespaces')) k('infra.k8s-scale-down', 'HIGH', 'kubectl scale --replicas=0 --all stops every workload of that kind.');
    else k('infra.k8s-scale-down', 'MEDIUM', 'kubectl scale --replicas=0 stops a workload.');
  } else if (verb === 'apply' && has('--prune')) {
    if (has('--all')) k('infra.k8s-prune', 'HIGH', 'kubectl apply --prune --all deletes every object of the namespace that the manifests do not list.');
    else k('infra.k8s-prune', 'MEDIUM', 'kubectl apply --prune deletes the selected objects that the manifests do not list.');
  }
}

function helm(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const p = parse(cmd.argv, 1);
  if (!/^(uninstall|delete|del|un)$/.test(p.ops[0] ?? '') || preview(p) || p.values.has('--dry-run')) return;
  out.push(finding('infra.helm-uninstall', 'MEDIUM', 'helm uninstall removes a release and its objects from the cluster.', cmd));
}

export const kubernetesPack: RulePack = {
  name: 'kubernetes',
  keywords: [],
  rules: [
    { commands: ['kubectl', 'oc', 'microk8s.kubectl', 'k3s', 'microk8s'], check: kubectl },
    { commands: ['helm'], check: helm },
  ],
};
