// Data-store rules: SQL DROP/TRUNCATE, Mongo drops, Redis FLUSHALL (kubernetes.ts, iac.ts, containers.ts and cloud.ts hold the rest of infra).
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import type { RulePack } from './rule.js';

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
    { commands: ['psql', 'mysql', 'mariadb', 'sqlite3', 'mongo', 'mongosh', 'clickhouse-client', 'cqlsh', 'duckdb', 'cockroach', 'dropdb', 'mysqladmin', 'sqlcmd'], check: dbClient },
    { commands: ['redis-cli', 'valkey-cli', 'keydb-cli'], check: redis },
  ],
};
