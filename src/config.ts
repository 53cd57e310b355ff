// The one place that reads the environment: a TypeBox schema over every variable, checked once at start-up.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const Bool = (def: boolean, description: string) =>
  Type.Boolean({ default: def, description });
const Int = (def: number, min: number, max: number, description: string) =>
  Type.Integer({ default: def, minimum: min, maximum: max, description });
const OptStr = (description: string, pattern?: string) =>
  Type.Optional(Type.String({ minLength: 1, description, ...(pattern ? { pattern } : {}) }));
/** A comma-separated list; loadConfig rejects blank entries (`a,,b` or `,` must never read as "no entries"). */
const OptList = (description: string) => Type.Optional(Type.String({ minLength: 1, description, 'x-list': true }));

const ConfigSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1', minLength: 1, description: 'Address to listen on' }),
  PORT: Int(8000, 0, 65535, 'TCP port to listen on (0 picks a free one)'),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino log level' },
  ),
  HOOK_BATCH_SIZE: Int(100, 1, 10000, 'Most events in one live stream frame (less urgent events wait per client for a full one), and most events the outage spool writes to Redis in one round trip'),
  HOOK_FLUSH_INTERVAL_MS: Int(1000, 10, 600000, 'Longest a less urgent event waits for its live stream frame to fill; the aggregation window; also how often the outage spool retries the store and health figures are refreshed'),
  HOOK_URGENT_PRIORITY: Int(3, 1, 10, 'Live stream: events with priority <= this (1 most urgent) go out at once; less urgent ones are batched per client'),
  HOOK_PERFORMANCE_THRESHOLD_MS: Type.Number({ default: 50, exclusiveMinimum: 0, description: 'A hook slower than this counts as a performance violation' }),
  HOOK_MAX_PAYLOAD_SIZE: Int(100000, 256, 100 * 1024 * 1024, 'Largest body on the generic routes (413 above), and most bytes of one event stored'),
  HOOK_MAX_BODY_BYTES: Int(8 * 1024 * 1024, 1024, 1024 * 1024 * 1024, 'Largest body an agent route reads and judges; above it a decision event gets HOOK_FAIL_DECISION'),
  HOOK_MAX_JSON_DEPTH: Int(64, 4, 1024, 'Deepest JSON nesting kept; deeper values are stored truncated and marked'),
  HOOK_BATCH_MAX_PAYLOAD_SIZE: Int(10 * 1024 * 1024, 256, 512 * 1024 * 1024, 'Largest POST /hooks/batch body in bytes'),
  HOOK_MEMORY_MAX_EVENTS: Int(100000, 10, 10000000, 'Events the embedded in-memory store keeps (oldest dropped first)'),
  HOOK_MEMORY_MAX_BYTES: Int(256 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024 * 1024, 'Approximate bytes of events the embedded store keeps (oldest dropped first)'),
  HOOK_HISTORY_MAX_BYTES: Int(8 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024, 'Approximate bytes of events in one history page or replay page'),
  REDIS_URL: OptStr('Redis URL; unset means the embedded in-memory store', '^rediss?://'),
  REDIS_CLUSTER_NODES: OptStr('Comma-separated host:port list; uses Redis Cluster instead of REDIS_URL'),
  REDIS_HOOK_STREAMS_TTL: Int(86400, 60, 365 * 86400, 'Seconds of history kept in Redis Streams'),
  HOOK_STREAM_PREFIX: Type.String({ default: 'hookhive:', minLength: 1, description: 'Key prefix of every Redis key' }),
  HOOK_STREAM_MAXLEN: Int(0, 0, 1_000_000_000, 'Optional cap on stream length (0 = time-based retention only)'),
  HOOK_SPOOL_MAX_EVENTS: Int(100000, 1, 10000000, 'Events held locally while Redis is unreachable; 503 when full'),
  HOOK_SPOOL_DIR: OptStr('Directory for a disk-backed outage spool (survives a crash during an outage)'),
  HOOK_SECURITY_VALIDATION_ENABLED: Bool(true, 'Judge shell commands and file paths in hooks'),
  HOOK_DANGEROUS_COMMAND_BLOCKING: Bool(true, 'CRITICAL commands are denied (false: asked)'),
  // No default: unset lets the rules file's own `auditMode` decide (false when it says nothing).
  HOOK_SECURITY_AUDIT_MODE: Type.Optional(Type.Boolean({ description: 'Decide and report, never deny or ask' })),
  HOOK_SECURITY_RULES_FILE: OptStr('JSON or YAML file of extra rules and allowlist entries'),
  HOOK_SECURITY_PACKS: OptList('Rule packs that run: names (`filesystem,git`), or `all,-name` to switch some off; default all'),
  HOOK_SECURITY_CACHE_SIZE: Int(10000, 0, 10000000, 'Validator result cache entries (0 disables)'),
  HOOK_FAIL_DECISION: Type.Union([Type.Literal('ask'), Type.Literal('deny')], {
    default: 'ask',
    description: 'Decision given when an event cannot be fully judged (too large, validator time-out, overload, store down)',
  }),
  HOOK_DECISION_BUDGET_MS: Int(1000, 50, 60000, 'An agent route answers a decision event within this many ms of receipt'),
  HOOK_APPROVAL_MODE: Type.Union([Type.Literal('off'), Type.Literal('dashboard')], {
    default: 'off',
    description: 'dashboard: a decision event judged ask (and every PermissionRequest not denied) is held for an Approve or Deny from the dashboard',
  }),
  HOOK_APPROVAL_TIMEOUT_MS: Int(30000, 1000, 600000, 'Longest a held request waits for an answer before the agent gets ask; keep it under the agent\'s hook timeout'),
  HOOK_APPROVAL_MAX_PENDING: Int(100, 1, 10000, 'Most requests one instance holds at once; beyond it an ask is answered at once, not held'),
  HOOK_COMMAND_BUDGET_MS: Int(50, 1, 10000, 'Longest analysis of one shell command; over it the command gets HOOK_FAIL_DECISION'),
  HOOK_VALIDATION_BUDGET_MS: Int(250, 1, 60000, 'Longest validation of one request (all its commands, or a whole batch)'),
  HOOK_REDACT_SECRETS: Bool(true, 'Replace API keys, tokens, passwords and private keys in events before storing and streaming them'),
  HOOK_WS_MAX_BUFFER_BYTES: Int(4 * 1024 * 1024, 1024, 1024 * 1024 * 1024, 'Bytes queued for one WebSocket client before it is closed as a slow consumer'),
  HOOK_WS_PING_INTERVAL_MS: Int(30000, 100, 3600000, 'WebSocket heartbeat interval'),
  HOOK_WS_MAX_CONNECTIONS: Int(1000, 1, 1000000, 'Most concurrent WebSocket clients per instance'),
  HOOK_AUTH_TOKENS: OptList('Comma-separated full-access bearer tokens'),
  HOOK_INGEST_TOKENS: OptList('Comma-separated write-only bearer tokens (what agents hold)'),
  HOOK_READ_TOKENS: OptList('Comma-separated read-only bearer tokens (history, stream, dashboard)'),
  HOOK_ALLOWED_ORIGINS: OptList('Comma-separated browser origins (scheme://host[:port]) allowed besides the service\'s own; also enables CORS for them'),
  HOOK_ALLOWED_HOSTS: OptList('Comma-separated Host names accepted besides localhost, 127.0.0.1 and [::1] (DNS-rebinding guard)'),
  HOOK_RATE_LIMIT_PER_MIN: Int(0, 0, 100_000_000, 'Requests per minute per token (or per IP without one); 0 disables rate limiting'),
  HOOK_MAX_EVENT_LOOP_DELAY_MS: Int(1000, 0, 600000, 'Shed load (503, or HOOK_FAIL_DECISION for decision events) while the event loop lags more; 0 disables'),
  HOOK_MAX_HEAP_USED_BYTES: Int(0, 0, 1024 * 1024 * 1024 * 1024, 'Shed load while the V8 heap uses more; 0 disables'),
  HOOK_SHUTDOWN_TIMEOUT_MS: Int(10000, 100, 600000, 'Longest graceful drain on SIGTERM before exiting anyway'),
  HOOK_WORKERS: Int(1, 1, 64, 'Service processes sharing the port (node cluster); more than 1 needs REDIS_URL or REDIS_CLUSTER_NODES'),
  HOOK_AGGREGATION_RULES_MODULE: OptStr('A module (file path or package) whose custom aggregation rules are loaded at start-up'),
  HOOK_AGGREGATION_RULE_BUDGET_MS: Int(50, 1, 60000, 'Longest a custom aggregation rule may run on one window before it is skipped for it'),
  HOOK_TOOL_CALL_TIMEOUT_MS: Int(600000, 1000, 86400000, 'A PreToolUse with no PostToolUse after this long is closed as an unfinished call'),
  HOOK_MAX_OPEN_TOOL_CALLS: Int(10000, 10, 10000000, 'Tool calls waiting for their PostToolUse that the aggregator keeps (oldest closed as unfinished)'),
});

export type Config = Static<typeof ConfigSchema>;

export const CONFIG_KEYS = Object.keys(ConfigSchema.properties) as (keyof Config)[];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const BOOL_WORDS: Record<string, boolean> = {
  true: true, '1': true, yes: true, on: true,
  false: false, '0': false, no: false, off: false,
};

/** Builds a Config from an env-like object; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value === undefined || value.trim() === '') continue;
    const prop = ConfigSchema.properties[key] as { type?: string };
    const text = value.trim();
    if (prop.type === 'boolean') {
      const b = BOOL_WORDS[text.toLowerCase()];
      if (b === undefined) throw new ConfigError(key, `must be true or false (got ${JSON.stringify(value)})`);
      raw[key] = b;
    } else if (prop.type === 'integer' || prop.type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new ConfigError(key, `must be a number (got ${JSON.stringify(value)})`);
      raw[key] = Number(text);
    } else {
      raw[key] = text;
    }
  }
  checkLists(raw);
  const withDefaults = Value.Default(ConfigSchema, raw) as Record<string, unknown>;
  const first = Value.Errors(ConfigSchema, withDefaults).First();
  if (first) {
    const variable = first.path.replace(/^\//, '') || 'configuration';
    const got = withDefaults[variable];
    throw new ConfigError(variable, `${first.message} (got ${JSON.stringify(got)})`);
  }
  if ((withDefaults.HOOK_WORKERS as number) > 1 && withDefaults.REDIS_URL === undefined && withDefaults.REDIS_CLUSTER_NODES === undefined) {
    // Each process would keep its own in-memory history: a client would see a different one per connection.
    throw new ConfigError('HOOK_WORKERS', 'more than 1 needs REDIS_URL or REDIS_CLUSTER_NODES: the processes must share one store');
  }
  return withDefaults as Config;
}

const LIST_KEYS = CONFIG_KEYS.filter((k) => (ConfigSchema.properties[k] as { 'x-list'?: boolean })['x-list']);
const TOKEN_KEYS = ['HOOK_AUTH_TOKENS', 'HOOK_INGEST_TOKENS', 'HOOK_READ_TOKENS'] as const;

/**
 * The standard OpenTelemetry variables (`OTEL_*`), read here like every other variable but passed on as they are:
 * the OpenTelemetry layer knows their meaning (src/telemetry/settings.ts).
 */
export function otelEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('OTEL_')) out[k] = v;
  return out;
}

/** The entries of a comma-separated list variable (trimmed; loadConfig guarantees none is blank). */
export function configList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((s) => s.trim());
}

/** Blank entries, whitespace inside tokens, one token in two roles and origins with a path are start-up errors. */
function checkLists(raw: Record<string, unknown>): void {
  for (const key of LIST_KEYS) {
    const value = raw[key];
    if (typeof value !== 'string') continue;
    const entries = configList(value);
    if (entries.some((e) => e === '')) {
      throw new ConfigError(key, `has a blank entry (got ${JSON.stringify(value)}); list each value once, separated by commas`);
    }
    if ((TOKEN_KEYS as readonly string[]).includes(key) && entries.some((e) => /[\s\x00-\x1f\x7f]/.test(e))) {
      throw new ConfigError(key, 'has a token with whitespace or control characters in it');
    }
    if (key === 'HOOK_ALLOWED_ORIGINS') {
      for (const e of entries) {
        if (!isOrigin(e)) throw new ConfigError(key, `entries must be origins like https://dash.example:8443 (got ${JSON.stringify(e)})`);
      }
    }
  }
  const seen = new Map<string, string>();
  for (const key of TOKEN_KEYS) {
    for (const t of configList(raw[key] as string | undefined)) {
      const other = seen.get(t);
      if (other !== undefined && other !== key) throw new ConfigError(key, `repeats a token of ${other}; give each token one role`);
      seen.set(t, key);
    }
  }
}

function isOrigin(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === text.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** Defaults plus overrides, for tests and embedding. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), LOG_LEVEL: 'silent', PORT: 0, ...overrides };
}
