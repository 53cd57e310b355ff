// Messaging and data stores beyond SQL: Kafka, RabbitMQ, NATS, etcd, Consul, InfluxDB, Cassandra, Mongo, Neo4j, memcached.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack, hasFlag } from './cli.js';
import type { CliTool } from './cli.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const TOOLS: readonly CliTool[] = [
  { commands: ['kafka-delete-records', 'kafka-delete-records.sh'], rules: [{ rule: 'datastore.kafka-delete', verbs: [], risk: 'HIGH', reason: 'kafka-delete-records deletes messages from topic partitions for good.' }] },
  {
    commands: ['kafka-consumer-groups', 'kafka-consumer-groups.sh'],
    rules: [
      { rule: 'datastore.kafka-consumer-groups', verbs: [], flags: ['--delete', '--delete-offsets'], risk: 'MEDIUM', reason: 'kafka-consumer-groups --delete deletes consumer groups and their committed offsets.' },
      { rule: 'datastore.kafka-consumer-groups', verbs: [], flags: ['--execute'], risk: 'MEDIUM', reason: 'kafka-consumer-groups --reset-offsets --execute moves consumers, which then skip or replay messages.' },
    ],
  },
  {
    commands: ['rabbitmqctl'],
    rules: [
      { rule: 'datastore.rabbitmq-reset', verbs: ['reset|force_reset|force-reset'], risk: 'CRITICAL', reason: 'Blocked rabbitmqctl reset: it wipes the node\'s queues, messages, users and virtual hosts.' },
      { rule: 'datastore.rabbitmq-delete', verbs: ['delete_vhost|delete-vhost|purge_queue|purge-queue|delete_queue|delete-queue'], risk: 'HIGH', reason: 'rabbitmqctl deletes a virtual host or queue, or purges its messages.' },
      { rule: 'datastore.rabbitmq-delete', verbs: ['delete_user|delete-user|clear_permissions|clear-permissions|forget_cluster_node|forget-cluster-node|stop_app|stop-app|stop|close_all_connections|close-all-connections'], risk: 'MEDIUM', reason: 'rabbitmqctl removes a user or node, or stops the broker.' },
    ],
  },
  {
    commands: ['rabbitmqadmin'],
    rules: [
      { rule: 'datastore.rabbitmq-delete', verbs: ['delete|purge', 'vhost|queue|vhosts|queues'], risk: 'HIGH', reason: 'rabbitmqadmin deletes a virtual host or queue, or purges its messages.' },
      { rule: 'datastore.rabbitmq-delete', verbs: ['vhosts|queues', 'delete|purge'], risk: 'HIGH', reason: 'rabbitmqadmin deletes virtual hosts or queues, or purges their messages.' },
      { rule: 'datastore.rabbitmq-delete', verbs: ['delete'], risk: 'MEDIUM', reason: 'rabbitmqadmin deletes a broker object (exchange, binding, user, policy).' },
    ],
  },
  {
    commands: ['nats'],
    rules: [
      { rule: 'datastore.nats-delete', verbs: ['stream|str|object|obj', 'rm|delete|del|purge'], risk: 'HIGH', reason: 'nats deletes or purges a stream or object store and its messages.' },
      { rule: 'datastore.nats-delete', verbs: ['kv', 'rm'], risk: 'HIGH', reason: 'nats kv rm deletes a whole key-value bucket.' },
      { rule: 'datastore.nats-delete', verbs: ['kv|consumer|con|stream|str', 'rm|del|delete|purge|rmm'], risk: 'MEDIUM', reason: 'nats deletes keys, a consumer or messages.' },
    ],
  },
  {
    commands: ['influx'],
    rules: [
      { rule: 'datastore.influx-delete', verbs: ['bucket|org|organization', 'delete'], risk: 'HIGH', reason: 'influx deletes a bucket or organization and all its data.' },
      { rule: 'datastore.influx-delete', verbs: ['delete'], risk: 'HIGH', reason: 'influx delete deletes every data point the predicate and time range match.' },
    ],
  },
  {
    commands: ['nodetool'],
    rules: [
      { rule: 'datastore.cassandra-node', verbs: ['decommission|removenode|assassinate'], risk: 'HIGH', reason: 'nodetool removes a node from the Cassandra ring.' },
      { rule: 'datastore.cassandra-snapshot', verbs: ['clearsnapshot'], risk: 'MEDIUM', reason: 'nodetool clearsnapshot deletes backup snapshots.' },
      { rule: 'datastore.cassandra-node', verbs: ['stopdaemon|drain'], risk: 'MEDIUM', reason: 'nodetool stops the node from serving.' },
    ],
  },
  { commands: ['mongorestore'], rules: [{ rule: 'datastore.restore-drop', verbs: [], flags: ['--drop'], risk: 'HIGH', reason: 'mongorestore --drop drops each collection before restoring it, losing what the dump lacks.' }] },
  { commands: ['pg_dropcluster'], rules: [{ rule: 'datastore.drop-cluster', verbs: [], unless: ['--help'], risk: 'CRITICAL', reason: 'Blocked pg_dropcluster: it deletes a PostgreSQL cluster with every database in it.' }] },
  { commands: ['dropuser'], rules: [{ rule: 'datastore.drop-user', verbs: [], unless: ['--help'], risk: 'MEDIUM', reason: 'dropuser removes a database role.' }] },
  { commands: ['pg_resetwal', 'pg_resetxlog'], rules: [{ rule: 'datastore.reset-wal', verbs: [], unless: ['--help', '-n', '--dry-run'], risk: 'HIGH', reason: 'pg_resetwal throws away the write-ahead log and can corrupt the database.' }] },
  { commands: ['curator_cli'], rules: [{ rule: 'datastore.search-delete', verbs: ['delete_indices|delete_snapshots'], unless: ['--help', '--dry-run'], risk: 'HIGH', reason: 'curator_cli deletes every index or snapshot its filters match.' }] },
  { commands: ['couchbase-cli'], rules: [{ rule: 'datastore.bucket-delete', verbs: ['bucket-delete|bucket-flush'], risk: 'HIGH', reason: 'couchbase-cli deletes or flushes a bucket and all its documents.' }] },
  { commands: ['memcflush'], rules: [{ rule: 'datastore.cache-flush', verbs: [], unless: ['--help'], risk: 'MEDIUM', reason: 'memcflush empties the memcached cache.' }] },
];

/** pg_restore --clean/-c into a database (not with -f/-l, which only write or list a script). */
function pgRestore(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  // Letters before `c` in a cluster must be flags without a value (`-vc`), not `-Fc` (format c).
  const clean = a.some((w) => w === '--clean' || /^-[vxOsaeC1]*c[a-zA-Z]*$/.test(w));
  const offline = a.some((w) => /^(-[lf]|--list|--file(=.*)?|--help)$/.test(w) || /^-f./.test(w));
  if (clean && !offline) out.push(finding('datastore.restore-drop', 'HIGH', 'pg_restore --clean drops database objects before recreating them.', cmd));
}

/** kafka-topics --delete; a `.*` or `*` topic pattern deletes every topic. */
function kafkaTopics(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (!hasFlag(cmd.argv, '--delete')) return;
  const a = cmd.argv;
  const i = a.findIndex((w) => w === '--topic' || w.startsWith('--topic='));
  const topic = i < 0 ? '' : a[i].startsWith('--topic=') ? a[i].slice(8) : (a[i + 1] ?? '');
  if (/^\.?\*|^\.\+$/.test(topic)) out.push(finding('datastore.kafka-delete', 'CRITICAL', `Blocked kafka-topics --delete --topic ${q(topic)}: the pattern deletes every topic.`, cmd));
  else out.push(finding('datastore.kafka-delete', 'HIGH', `kafka-topics --delete deletes ${q(topic || 'a topic')} and every message in it.`, cmd));
}

/** etcdctl del: the empty key with --prefix or --from-key is every key. */
function etcdctl(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  const at = ops.findIndex((o) => o === 'del' || o === 'delete' || o === 'rm' || o === 'rmdir');
  if (at < 0) return;
  const key = ops[at + 1];
  const range = hasFlag(cmd.argv, '--prefix') || hasFlag(cmd.argv, '--from-key') || ops.length > at + 2;
  if (range && (key === undefined || key === '' || key === '/' || key === '\u0000')) {
    out.push(finding('datastore.etcd-delete-all', 'CRITICAL', 'Blocked etcdctl del of every key: it wipes the etcd store (and any cluster that keeps its state there).', cmd));
  } else if (range || hasFlag(cmd.argv, '-r') || hasFlag(cmd.argv, '--recursive')) {
    out.push(finding('datastore.etcd-delete', 'HIGH', `etcdctl deletes every key under ${q(key ?? '')}.`, cmd));
  } else {
    out.push(finding('datastore.etcd-delete', 'MEDIUM', `etcdctl deletes the key ${q(key ?? '')}.`, cmd));
  }
}

/** consul kv delete [-recurse] [prefix]; consul snapshot restore. */
function consul(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  if (ops[0] === 'snapshot' && ops[1] === 'restore') {
    out.push(finding('datastore.consul-restore', 'HIGH', 'consul snapshot restore replaces the whole cluster state with the snapshot.', cmd));
    return;
  }
  if (ops[0] !== 'kv' || ops[1] !== 'delete') return;
  const recurse = cmd.argv.some((w) => /^--?recurse(=(true|1|t))?$/i.test(w));
  const key = ops[2];
  if (recurse && (key === undefined || key === '' || key === '/')) out.push(finding('datastore.consul-delete-all', 'CRITICAL', 'Blocked consul kv delete -recurse of the root: it deletes every key.', cmd));
  else out.push(finding('datastore.consul-delete', recurse ? 'HIGH' : 'MEDIUM', `consul kv delete removes ${recurse ? 'every key under' : 'the key'} ${q(key ?? '')}.`, cmd));
}

/** Text reaching a client: its arguments, a heredoc, or what echo/printf pipe in. */
function clientText(cmd: SimpleCommand): string {
  let text = cmd.argv.slice(1).join(' ') + '\n' + (cmd.stdinText ?? '');
  for (const f of cmd.feeders) if (f.name === 'echo' || f.name === 'printf') text += '\n' + f.argv.slice(1).join(' ');
  return text;
}

/** Mongo shells: emptying a collection (`deleteMany({})`, `remove({})`) or dropping every user; drops are infra's. */
function mongo(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const text = clientText(cmd);
  if (/\.(deleteMany|remove)\s*\(\s*\{\s*\}\s*[,)]/.test(text)) out.push(finding('datastore.mongo-empty', 'HIGH', `${cmd.name} is asked to delete every document of a collection.`, cmd));
  else if (/\.(dropAllUsers|dropAllRoles)\s*\(/.test(text)) out.push(finding('datastore.mongo-empty', 'HIGH', `${cmd.name} is asked to drop every user or role of a database.`, cmd));
}

/** Cypher that deletes every node: `MATCH (n) DETACH DELETE n` without a filter. */
function cypher(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const text = clientText(cmd);
  if (/match\s*\(\s*(\w+)\s*\)\s*(optional\s+match\s+[^;]*?\s)?(detach\s+)?delete\s+\1\b/i.test(text)) {
    out.push(finding('datastore.graph-delete-all', 'CRITICAL', `Blocked ${cmd.name}: MATCH (n) DETACH DELETE n deletes every node and relationship of the graph.`, cmd));
  }
}

/** InfluxQL through the 1.x shell: DROP DATABASE/MEASUREMENT/SERIES. */
function influxql(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const m = /\bdrop\s+(database|measurement|series|retention\s+policy|shard)\b/i.exec(clientText(cmd));
  if (m === null) return;
  const db = m[1].toLowerCase() === 'database';
  out.push(finding('datastore.influx-drop', db ? 'CRITICAL' : 'HIGH', `${db ? 'Blocked ' : ''}influx DROP ${m[1].toUpperCase()}: it deletes ${db ? 'a whole database' : 'stored series'} and their data.`, cmd));
}

/** memcached's text protocol through a socket tool: flush_all empties the cache. */
function memcached(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (/\bflush_all\b/i.test(cmd.stdinText ?? '') || cmd.feeders.some((f) => (f.name === 'echo' || f.name === 'printf') && /\bflush_all\b/i.test(f.argv.join(' ')))) {
    out.push(finding('datastore.cache-flush', 'MEDIUM', `${cmd.name} sends flush_all: it empties the memcached cache.`, cmd));
  }
}

const verbs = cliPack('datastore', TOOLS);

export const datastoresPack: RulePack = {
  name: 'datastore',
  keywords: [...verbs.keywords, 'deletemany', 'remove', 'dropallusers', 'dropallroles', 'detach', 'flush_all'],
  rules: [
    ...verbs.rules,
    { commands: ['kafka-topics', 'kafka-topics.sh'], check: kafkaTopics },
    { commands: ['pg_restore'], check: pgRestore },
    { commands: ['etcdctl'], check: etcdctl },
    { commands: ['consul'], nameIsKeyword: false, check: consul },
    { commands: ['mongo', 'mongosh'], check: mongo },
    { commands: ['cypher-shell'], check: cypher },
    { commands: ['influx'], nameIsKeyword: false, check: influxql },
    { commands: ['nc', 'ncat', 'netcat', 'socat', 'telnet'], nameIsKeyword: false, check: memcached },
  ],
};
