// Cloud provider CLIs judged by their verbs: aws, az, gcloud, gsutil, doctl, hcloud, linode-cli, oci, ibmcloud, scw.
// CRITICAL is kept for what holds many resources (account, organization, project, resource group, stack, cluster),
// for key material and secrets destroyed for good, and for a database deleted without a final snapshot; deleting one
// resource (an instance, a table, a bucket and its objects) is HIGH; one object is MEDIUM. Read verbs match nothing.
import { cliPack } from './cli.js';
import type { VerbRule } from './cli.js';

const ONE = 'infra.cloud-delete';
const OBJECT = 'infra.cloud-object-delete';
const KEY = 'infra.cloud-key-destroy';
const SECRET = 'infra.cloud-secret-purge';
const CLUSTER = 'infra.cluster-delete';

const TOOL_WORD = /^[a-z0-9][a-z0-9.-]*$/;
const AWS_DESTROY = /^(delete|batch-delete|terminate|purge|deregister)-/;
// A verb that deletes, in the spellings these CLIs use (`delete`, `rm`, `terminate`, `cluster-delete`, `instance-rm`).
const DELETE_VERB = /^(delete|destroy|terminate|rm|remove|purge|bulk-delete|delete-batch|[a-z-]+-(delete|rm))$/;
// `gs://bucket`, `gs://bucket/`, `gs://bucket/*`, `gs://bucket/**`: the whole bucket.
const WHOLE_BUCKET = /^gs:\/\/[^/]+\/?\**$/;

const clusterDelete = (verbs: VerbRule['verbs']): VerbRule => ({
  rule: CLUSTER,
  verbs,
  risk: 'CRITICAL',
  reason: 'Blocked deleting a whole Kubernetes cluster: every workload, volume and setting in it goes with it.',
});
const generic = (tool: string, verbs: VerbRule['verbs']): VerbRule => ({
  rule: ONE,
  verbs,
  risk: 'HIGH',
  reason: `${tool} is asked to delete a cloud resource and what it holds; it cannot be undone.`,
});

export const cloudPack = cliPack('cloud', [
  {
    commands: ['aws'],
    // `aws [--profile p] <service> <operation> ...`: a later `--name delete-me` is a value, not an operation.
    anchored: true,
    valueFlags: ['--profile', '--region', '--output', '--endpoint-url', '--query', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--cli-binary-format'],
    rules: [
      { rule: ONE, verbs: ['organizations', 'delete-organization|leave-organization|close-account|remove-account-from-organization'], risk: 'CRITICAL', reason: 'Blocked aws organizations: it deletes or detaches a whole AWS organization or account.' },
      { rule: SECRET, verbs: ['secretsmanager', 'delete-secret'], flags: ['--force-delete-without-recovery'], risk: 'CRITICAL', reason: 'Blocked deleting a secret with no recovery window: it is gone for good.' },
      { rule: KEY, verbs: ['kms', 'schedule-key-deletion'], risk: 'CRITICAL', reason: 'Blocked scheduling a KMS key for deletion: once it runs, everything encrypted with the key is unreadable for good.' },
      { rule: 'infra.cloud-db-no-snapshot', verbs: ['rds', 'delete-db-instance|delete-db-cluster'], flags: ['--skip-final-snapshot'], risk: 'CRITICAL', reason: 'Blocked deleting a database with --skip-final-snapshot: its data is gone with no backup.' },
      { rule: 'infra.stack-destroy', verbs: ['cloudformation', 'delete-stack'], risk: 'CRITICAL', reason: 'Blocked aws cloudformation delete-stack: it deletes every resource of the stack.' },
      clusterDelete(['eks', 'delete-cluster']),
      { rule: ONE, verbs: ['s3', 'rb|rm'], flags: ['--force', '--recursive'], risk: 'HIGH', reason: 'aws s3 recursive delete removes every object under the prefix, or the bucket with all of it.' },
      { rule: OBJECT, verbs: ['s3', 'rm|rb'], risk: 'MEDIUM', reason: 'aws s3 rm deletes an object (or an empty bucket) from cloud storage.' },
      { rule: OBJECT, verbs: ['s3', 'sync'], flags: ['--delete'], risk: 'MEDIUM', reason: 'aws s3 sync --delete removes every object at the destination that the source lacks.' },
      { rule: OBJECT, verbs: [/^(s3api|dynamodb|sqs)$/, /^delete-(object|item|message)$/], risk: 'MEDIUM', reason: 'aws deletes one stored object, item or message.' },
      generic('aws', [TOOL_WORD, AWS_DESTROY]),
    ],
  },
  {
    commands: ['az'],
    rules: [
      { rule: ONE, verbs: ['group', 'delete'], risk: 'CRITICAL', reason: 'Blocked az group delete: it deletes a resource group and every resource in it.' },
      { rule: ONE, verbs: ['account', 'management-group|subscription', /^(delete|cancel)$/], risk: 'CRITICAL', reason: 'Blocked deleting an Azure subscription or management group.' },
      { rule: SECRET, verbs: ['keyvault', 'secret', 'purge'], risk: 'CRITICAL', reason: 'Blocked purging a Key Vault secret: it is destroyed for good.' },
      { rule: KEY, verbs: ['keyvault', /^purge$/], risk: 'CRITICAL', reason: 'Blocked purging a Key Vault: its keys and secrets are destroyed for good.' },
      { rule: KEY, verbs: ['keyvault', 'key|certificate', 'purge'], risk: 'CRITICAL', reason: 'Blocked purging a Key Vault key or certificate: it is destroyed for good, and what it encrypted with it.' },
      clusterDelete(['aks', 'delete']),
      { rule: ONE, verbs: ['keyvault', /^delete$/], risk: 'HIGH', reason: 'az keyvault delete removes a key vault (soft-deleted: it can be recovered until purged).' },
      { rule: OBJECT, verbs: ['storage', 'blob|file', 'delete'], risk: 'MEDIUM', reason: 'az storage deletes one stored blob or file.' },
      generic('az', [/^(delete|purge|delete-batch)$/]),
    ],
  },
  {
    commands: ['gcloud'],
    valueFlags: ['--filter', '--format', '--project', '--zone', '--region', '--sort-by', '--limit', '--account', '--configuration', '--flatten', '--impersonate-service-account'],
    rules: [
      { rule: ONE, verbs: ['projects', 'delete'], risk: 'CRITICAL', reason: 'Blocked gcloud projects delete: it deletes a whole cloud project.' },
      { rule: KEY, verbs: ['kms', 'keys', 'versions', 'destroy'], risk: 'CRITICAL', reason: 'Blocked destroying a KMS key version: everything encrypted with it becomes unreadable.' },
      { rule: SECRET, verbs: ['secrets', 'delete'], risk: 'CRITICAL', reason: 'Blocked deleting a Secret Manager secret: there is no recovery.' },
      { rule: SECRET, verbs: ['secrets', 'versions', 'destroy'], risk: 'CRITICAL', reason: 'Blocked destroying a Secret Manager secret version: there is no recovery.' },
      clusterDelete(['container', 'clusters', 'delete']),
      { rule: ONE, verbs: ['sql', 'instances', 'delete'], flags: ['--final-backup'], risk: 'HIGH', reason: 'gcloud sql instances delete deletes a database instance (a final backup is kept).' },
      { rule: 'infra.cloud-db-no-snapshot', verbs: ['sql', 'instances', 'delete'], risk: 'CRITICAL', reason: 'Blocked deleting a Cloud SQL instance: its data and its backups go with it.' },
      { rule: ONE, verbs: ['storage', 'rm'], flags: ['-r', '-R', '--recursive', '-a', '--all-versions'], risk: 'HIGH', reason: 'gcloud storage rm -r deletes every object under the path.' },
      { rule: ONE, verbs: ['storage', 'rm', WHOLE_BUCKET], risk: 'HIGH', reason: 'gcloud storage rm of a whole bucket deletes every object in it.' },
      { rule: OBJECT, verbs: ['storage', 'rm'], risk: 'MEDIUM', reason: 'gcloud storage rm deletes objects from cloud storage.' },
      generic('gcloud', [/^delete$/]),
    ],
  },
  {
    commands: ['gsutil'],
    rules: [
      { rule: ONE, verbs: ['rb'], risk: 'HIGH', reason: 'gsutil rb deletes a storage bucket.' },
      { rule: ONE, verbs: ['rm'], flags: ['-r', '-R', '-a'], risk: 'HIGH', reason: 'gsutil rm -r deletes every object under the path.' },
      { rule: ONE, verbs: ['rm', WHOLE_BUCKET], risk: 'HIGH', reason: 'gsutil rm of a whole bucket deletes every object in it.' },
      { rule: OBJECT, verbs: ['rm'], risk: 'MEDIUM', reason: 'gsutil rm deletes objects from cloud storage.' },
      { rule: OBJECT, verbs: ['rsync'], flags: ['-d'], risk: 'MEDIUM', reason: 'gsutil rsync -d deletes every object at the destination that the source lacks.' },
    ],
  },
  {
    commands: ['doctl'],
    rules: [clusterDelete(['kubernetes|k8s|k|kube', 'cluster|c', /^(delete|rm|d)$/]), generic('doctl', [/^(delete|rm|d)$/])],
  },
  { commands: ['hcloud', 'vultr-cli'], rules: [generic('This cloud CLI', [DELETE_VERB])] },
  { commands: ['linode-cli'], rules: [clusterDelete(['lke', /^cluster-delete$/]), generic('linode-cli', [DELETE_VERB])] },
  {
    commands: ['oci'],
    rules: [
      { rule: ONE, verbs: ['iam', 'compartment', 'delete'], risk: 'CRITICAL', reason: 'Blocked deleting an OCI compartment: it holds many resources.' },
      clusterDelete(['ce', 'cluster', 'delete']),
      generic('oci', [DELETE_VERB]),
    ],
  },
  {
    commands: ['ibmcloud'],
    rules: [
      { rule: ONE, verbs: ['resource', 'group-delete'], risk: 'CRITICAL', reason: 'Blocked deleting an IBM Cloud resource group.' },
      clusterDelete(['ks|oc|cs', 'cluster', /^(rm|delete)$/]),
      generic('ibmcloud', [DELETE_VERB]),
    ],
  },
  {
    commands: ['scw'],
    rules: [
      { rule: ONE, verbs: ['account', 'project', 'delete'], risk: 'CRITICAL', reason: 'Blocked deleting a Scaleway project and what it holds.' },
      clusterDelete(['k8s', 'cluster', 'delete']),
      generic('scw', [DELETE_VERB]),
    ],
  },
]);
