// Infrastructure as code and cluster tools: destroying a whole stack is CRITICAL like deleting the account it lives in;
// one targeted resource is HIGH; unreviewed applies and local throw-away clusters are MEDIUM.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack } from './cli.js';
import type { VerbRule } from './cli.js';
import { operands } from './rule.js';
import type { RulePack } from './rule.js';

/** terraform takes single-dash long options, with `=value` or the next word. */
function tfFlag(argv: readonly string[], name: string): boolean {
  return argv.some((w) => w === `-${name}` || w === `--${name}` || w.startsWith(`-${name}=`) || w.startsWith(`--${name}=`));
}

function terraform(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  if (tfFlag(a, 'help') || tfFlag(a, 'h')) return;
  let ops = operands(a);
  // `terragrunt run-all destroy`, `terragrunt run --all destroy`
  if (ops[0] === 'run-all' || ops[0] === 'run') ops = ops.slice(1);
  const [sub, next] = ops;
  const destroy = sub === 'destroy' || (sub === 'apply' && tfFlag(a, 'destroy'));
  if (destroy && tfFlag(a, 'target')) {
    out.push(finding('infra.terraform-destroy', 'HIGH', `${cmd.name} destroy -target deletes the targeted resources and what depends on them.`, cmd));
  } else if (destroy) {
    out.push(finding('infra.terraform-destroy', 'CRITICAL', `Blocked ${cmd.name} destroy: it deletes every resource the configuration manages.`, cmd));
  } else if (sub === 'state' && (next === 'rm' || next === 'push' || next === 'replace-provider')) {
    out.push(finding('infra.terraform-state', 'HIGH', `${cmd.name} state ${next} edits the state directly and can orphan or destroy resources.`, cmd));
  } else if ((sub === 'workspace' && next === 'delete') || sub === 'force-unlock') {
    out.push(finding('infra.terraform-state', 'MEDIUM', `${cmd.name} ${ops.slice(0, 2).join(' ')} drops a state lock or a workspace's state.`, cmd));
  } else if (sub === 'apply' && tfFlag(a, 'auto-approve')) {
    out.push(finding('infra.terraform-auto-apply', 'MEDIUM', `${cmd.name} apply -auto-approve changes infrastructure without a reviewed plan.`, cmd));
  }
}

const stack = (tool: string, verbs: VerbRule['verbs']): VerbRule => ({
  rule: 'infra.stack-destroy',
  verbs,
  risk: 'CRITICAL',
  reason: `Blocked ${tool}: it deletes every cloud resource of the stack or app.`,
});
const local = (tool: string, verbs: VerbRule['verbs']): VerbRule => ({
  rule: 'infra.local-cluster-delete',
  verbs,
  risk: 'MEDIUM',
  reason: `${tool} deletes a local cluster or VM and everything stored in it.`,
});

const tools = cliPack('iac', [
  {
    commands: ['pulumi'],
    rules: [
      { rule: 'infra.terraform-destroy', verbs: ['destroy'], flags: ['--target', '-t'], unless: ['--help', '--preview-only'], risk: 'HIGH', reason: 'pulumi destroy --target deletes the targeted resources.' },
      { rule: 'infra.terraform-destroy', verbs: ['destroy'], unless: ['--help', '--preview-only'], risk: 'CRITICAL', reason: 'Blocked pulumi destroy: it deletes every resource of the stack.' },
      { rule: 'infra.terraform-state', verbs: ['stack', 'rm'], flags: ['--force', '-f'], risk: 'HIGH', reason: 'pulumi stack rm --force drops a stack whose resources still exist: nothing tracks them any more.' },
      { rule: 'infra.terraform-state', verbs: ['state', /^(delete|unprotect)$/], risk: 'HIGH', reason: 'pulumi state edits the state directly and can orphan or expose resources.' },
      { rule: 'infra.terraform-auto-apply', verbs: [/^(up|update)$/], flags: ['--yes', '-y'], unless: ['--help', '--preview-only'], risk: 'MEDIUM', reason: 'pulumi up --yes changes infrastructure without a reviewed preview.' },
    ],
  },
  { commands: ['cdk', 'cdktf'], rules: [stack('cdk destroy', ['destroy'])] },
  { commands: ['serverless', 'sls'], rules: [stack('serverless remove', ['remove'])] },
  { commands: ['sam'], rules: [stack('sam delete', ['delete'])] },
  { commands: ['amplify'], rules: [stack('amplify delete', ['delete'])] },
  {
    commands: ['copilot'],
    rules: [stack('copilot app delete', [/^app$/, 'delete']), { rule: 'infra.cloud-delete', verbs: ['env|svc|job', 'delete'], risk: 'HIGH', reason: 'copilot deletes a deployed environment or service.' }],
  },
  {
    commands: ['eksctl'],
    rules: [
      { rule: 'infra.cluster-delete', verbs: ['delete', 'cluster'], risk: 'CRITICAL', reason: 'Blocked deleting a whole Kubernetes cluster: every workload, volume and setting in it goes with it.' },
      { rule: 'infra.cloud-delete', verbs: ['delete', /^(nodegroup|ng|fargateprofile|addon|iamserviceaccount|podidentityassociation)$/], risk: 'HIGH', reason: 'eksctl deletes part of a cluster: its nodes or their access.' },
    ],
  },
  { commands: ['kind'], rules: [local('kind delete', ['delete', 'cluster|clusters'])] },
  { commands: ['minikube'], rules: [local('minikube delete', ['delete'])] },
  { commands: ['k3d'], rules: [local('k3d cluster delete', ['cluster', 'delete'])] },
  { commands: ['vagrant'], rules: [local('vagrant destroy', ['destroy'])] },
]);

export const iacPack: RulePack = {
  name: 'iac',
  keywords: tools.keywords,
  rules: [{ commands: ['terraform', 'tofu', 'terragrunt'], check: terraform }, ...tools.rules],
};
