// Infrastructure and data-store rules: kubectl delete, terraform destroy, docker prune, SQL DROP, Redis FLUSHALL.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { operands } from './rule.js';
import type { RulePack } from './rule.js';

function kubectl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  const at = a.findIndex((w) => w === 'delete' || w === 'drain');
  const ops = at < 0 ? [] : operands(a, at + 1);
  if (at >= 0) ops.unshift(a[at]);
  if (ops[0] === 'delete') {
    const kind = (ops[1] ?? '').toLowerCase().split('/')[0];
    if (/^(ns|namespaces?)$/.test(kind) || a.includes('--all') || a.includes('-A') || a.includes('--all-namespaces')) {
      out.push(finding('infra.k8s-delete-namespace', 'CRITICAL', 'Blocked kubectl delete of a namespace or of everything: it removes all workloads and data in it.', cmd));
    } else if (/^(nodes?|no|pv|persistentvolumes?|pvc|persistentvolumeclaims?|crds?|customresourcedefinitions?)$/.test(kind)) {
      out.push(finding('infra.k8s-delete', 'HIGH', `kubectl delete ${kind} removes cluster-wide resources or stored data.`, cmd));
    } else {
      out.push(finding('infra.k8s-delete', 'MEDIUM', 'kubectl delete removes resources from the cluster.', cmd));
    }
  } else if (ops[0] === 'drain') {
    out.push(finding('infra.k8s-drain', 'HIGH', 'kubectl drain evicts every workload from a node.', cmd));
  }
}

function terraform(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const sub = ops[0];
  if (sub === 'destroy' || (sub === 'apply' && cmd.argv.includes('-destroy'))) {
    out.push(finding('infra.terraform-destroy', 'CRITICAL', `Blocked ${cmd.name} destroy: it deletes every resource the configuration manages.`, cmd));
  } else if (sub === 'state' && (ops[1] === 'rm' || ops[1] === 'push')) {
    out.push(finding('infra.terraform-state', 'HIGH', `${cmd.name} state ${ops[1]} edits the state directly and can orphan or destroy resources.`, cmd));
  } else if (sub === 'apply' && cmd.argv.some((w) => /^-?-auto-approve/.test(w))) {
    out.push(finding('infra.terraform-auto-apply', 'MEDIUM', `${cmd.name} apply -auto-approve changes infrastructure without a reviewed plan.`, cmd));
  }
}

function docker(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const a = cmd.argv;
  const volumes = a.includes('--volumes') || a.includes('-v');
  if (ops[0] === 'system' && ops[1] === 'prune') {
    if (volumes) out.push(finding('infra.docker-prune-volumes', 'HIGH', `${cmd.name} system prune --volumes deletes every unused volume and the data in it.`, cmd));
    else if (a.includes('-a') || a.includes('--all')) out.push(finding('infra.docker-prune', 'MEDIUM', `${cmd.name} system prune -a deletes every unused image, container and network.`, cmd));
  } else if (ops[0] === 'volume' && (ops[1] === 'prune' || ops[1] === 'rm')) {
    out.push(finding('infra.docker-volume-rm', 'MEDIUM', `${cmd.name} volume ${ops[1]} deletes volumes and the data in them.`, cmd));
  } else if ((ops[0] === 'compose' && ops[1] === 'down') || (cmd.name === 'docker-compose' && ops[0] === 'down')) {
    if (volumes) out.push(finding('infra.docker-volume-rm', 'MEDIUM', 'compose down -v deletes the project\'s volumes and the data in them.', cmd));
  }
}

function cloud(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv).join(' ');
  if (cmd.name === 'pulumi' && /^destroy\b/.test(ops)) out.push(finding('infra.terraform-destroy', 'CRITICAL', 'Blocked pulumi destroy: it deletes every resource of the stack.', cmd));
  else if (cmd.name === 'gcloud' && /\bprojects delete\b/.test(ops)) out.push(finding('infra.cloud-delete', 'CRITICAL', 'Blocked gcloud projects delete: it deletes a whole cloud project.', cmd));
  else if (cmd.name === 'aws' && /^s3 (rm|rb)\b/.test(ops) && cmd.argv.some((w) => w === '--recursive' || w === '--force')) {
    out.push(finding('infra.cloud-delete', 'HIGH', 'aws s3 recursive delete removes every object under the prefix.', cmd));
  } else if (cmd.name === 'helm' && /^(uninstall|delete|del|un)\b/.test(ops)) out.push(finding('infra.helm-uninstall', 'MEDIUM', 'helm uninstall removes a release from the cluster.', cmd));
}

const SQL_DROP = /\bdrop\s+(database|schema|table|keyspace|user|role)\b/i;
const SQL_TRUNCATE = /\btruncate\s+(table\s+)?[\w."`]+/i;
const SQL_DELETE_ALL = /\bdelete\s+from\s+[\w."`]+\s*(;|$)/i;
const MONGO_DROP = /\.(dropDatabase|drop)\s*\(/;

/** SQL handed to a database client through -c/-e/--command/--execute/--eval, an operand or a heredoc. */
/** Text reaching stdin: a heredoc or here-string, or what a literal echo/printf pipes in. */
function stdinLiteral(cmd: SimpleCommand): string {
  let text = cmd.stdinText ?? '';
  for (const f of cmd.feeders) if (f.name === 'echo' || f.name === 'printf') text += '\n' + f.argv.slice(1).join(' ');
  return text;
}

function dbClient(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const sql = cmd.argv.slice(1).join(' ') + '\n' + stdinLiteral(cmd);
  if (cmd.name === 'dropdb' || (cmd.name === 'mysqladmin' && /\bdrop\b/i.test(sql))) {
    out.push(finding('infra.sql-drop', 'CRITICAL', `Blocked ${cmd.name}: it drops a whole database.`, cmd));
  } else if (SQL_DROP.test(sql) || MONGO_DROP.test(sql)) {
    out.push(finding('infra.sql-drop', 'CRITICAL', `Blocked a DROP sent through ${cmd.name}: it deletes a database or table and its data.`, cmd));
  } else if (SQL_TRUNCATE.test(sql) || SQL_DELETE_ALL.test(sql)) {
    out.push(finding('infra.sql-truncate', 'HIGH', `${cmd.name} is asked to empty a whole table.`, cmd));
  }
}

function redis(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const text = cmd.argv.slice(1).join(' ') + '\n' + stdinLiteral(cmd);
  if (/\bflush(all|db)\b/i.test(text)) out.push(finding('infra.redis-flush', 'CRITICAL', `Blocked ${cmd.name} FLUSHALL/FLUSHDB: it deletes every key.`, cmd));
}

export const infraPack: RulePack = {
  name: 'infra',
  keywords: ['drop', 'truncate', 'delete', 'flushall', 'flushdb', 'dropdatabase'],
  rules: [
    { commands: ['kubectl', 'oc', 'microk8s.kubectl'], check: kubectl },
    { commands: ['terraform', 'tofu', 'terragrunt'], check: terraform },
    { commands: ['docker', 'podman', 'docker-compose', 'nerdctl'], check: docker },
    { commands: ['pulumi', 'gcloud', 'aws', 'helm'], check: cloud },
    { commands: ['psql', 'mysql', 'mariadb', 'sqlite3', 'mongo', 'mongosh', 'clickhouse-client', 'cqlsh', 'duckdb', 'cockroach', 'dropdb', 'mysqladmin', 'sqlcmd'], check: dbClient },
    { commands: ['redis-cli', 'valkey-cli', 'keydb-cli'], check: redis },
  ],
};
