// The standard OTEL_* variables read into plain settings, with no OpenTelemetry import, so deciding "off" costs nothing.

/** The OTLP encodings this service can send; `grpc` would need @grpc/grpc-js, which it does not carry. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface OtelSettings {
  /** The full traces URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as given, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  url: string;
  protocol: OtlpProtocol;
  /** `OTEL_EXPORTER_OTLP_HEADERS` overlaid with `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, values percent-decoded. */
  headers: Record<string, string>;
  timeoutMillis?: number;
  compression?: 'gzip' | 'none';
  serviceName: string;
  /** `OTEL_RESOURCE_ATTRIBUTES`, percent-decoded. */
  resourceAttributes: Record<string, string>;
  batch: {
    scheduledDelayMillis?: number;
    exportTimeoutMillis?: number;
    maxQueueSize?: number;
    maxExportBatchSize?: number;
  };
}

export interface SettingsReading {
  /** Undefined: export nothing (no endpoint, disabled, or a configuration this service cannot honour). */
  settings?: OtelSettings;
  /** Sentences worth a log line: what was ignored or refused, and why. */
  warnings: string[];
}

const DEFAULT_SERVICE_NAME = 'hookhive';

type Env = Record<string, string | undefined>;

/** Like the SDK's own reader: unset, empty and blank all mean "not set". */
function str(env: Env, key: string): string | undefined {
  const raw = env[key];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function int(env: Env, key: string, min: number, warnings: string[]): number | undefined {
  const raw = str(env, key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= min) return n;
  warnings.push(`${key}=${raw} is not an integer ≥ ${min}; using the default`);
  return undefined;
}

/** The W3C-baggage-like `key=value,key2=value2` lists of OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES. */
function parseKeyValueList(raw: string | undefined, key: string, warnings: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const name = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (name === '') {
      warnings.push(`${key}: ignored an entry without a key=value shape`);
      continue;
    }
    try {
      out[name] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      // The value is secret-shaped often enough (tokens) that it is never repeated in the warning.
      warnings.push(`${key}: ignored the value of ${name}, which is not valid percent-encoding`);
    }
  }
  return out;
}

function tracesUrl(env: Env, warnings: string[]): string | undefined {
  const specific = str(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const key = specific ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const raw = specific ?? str(env, key);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    warnings.push(`${key} is not a URL; nothing is exported`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    warnings.push(`${key} must be an http(s) URL, not ${url.protocol}; nothing is exported`);
    return undefined;
  }
  // Per the spec, the signal-specific URL is used as is; the general one is a base the signal path is appended to
  // (to its path, not to its end: a query string stays a query string).
  if (!specific) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.href;
}

function protocolOf(env: Env, warnings: string[]): OtlpProtocol | undefined {
  const key = str(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = str(env, key)?.toLowerCase() ?? 'http/protobuf';
  if (value === 'http/protobuf' || value === 'http/json') return value;
  // Refused rather than "fallen back": a grpc endpoint is usually port 4317, where an HTTP exporter would only fail.
  warnings.push(
    value === 'grpc'
      ? `${key}=grpc is not supported; nothing is exported (use http/protobuf or http/json and the collector's OTLP/HTTP port, 4318 by default)`
      : `${key}=${value} is unknown; nothing is exported (use http/protobuf or http/json)`,
  );
  return undefined;
}

function compressionOf(env: Env, warnings: string[]): 'gzip' | 'none' | undefined {
  const key = str(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION') ? 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION' : 'OTEL_EXPORTER_OTLP_COMPRESSION';
  const value = str(env, key)?.toLowerCase();
  if (value === undefined || value === 'gzip' || value === 'none') return value;
  warnings.push(`${key}=${value} is neither gzip nor none; sending uncompressed`);
  return undefined;
}

/** Reads the OTEL_* variables the span exporter honours; `settings` is undefined when nothing is to be exported. */
export function readOtelSettings(env: Env): SettingsReading {
  const warnings: string[] = [];
  if (str(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { warnings };
  const exporters = str(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase().split(',').map((s) => s.trim());
  if (exporters && !exporters.includes('otlp')) {
    if (!exporters.every((e) => e === 'none')) warnings.push(`OTEL_TRACES_EXPORTER=${exporters.join(',')}: only otlp is supported; nothing is exported`);
    return { warnings };
  }
  const url = tracesUrl(env, warnings);
  if (url === undefined) return { warnings };
  const protocol = protocolOf(env, warnings);
  if (protocol === undefined) return { warnings };

  const headers = {
    ...parseKeyValueList(str(env, 'OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS', warnings),
    ...parseKeyValueList(str(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'), 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', warnings),
  };
  const resourceAttributes = parseKeyValueList(str(env, 'OTEL_RESOURCE_ATTRIBUTES'), 'OTEL_RESOURCE_ATTRIBUTES', warnings);
  const settings: OtelSettings = {
    url,
    protocol,
    headers,
    timeoutMillis: int(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 1, warnings) ?? int(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 1, warnings),
    compression: compressionOf(env, warnings),
    // The spec gives OTEL_SERVICE_NAME precedence over a service.name in OTEL_RESOURCE_ATTRIBUTES.
    serviceName: str(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? DEFAULT_SERVICE_NAME,
    resourceAttributes,
    batch: {
      scheduledDelayMillis: int(env, 'OTEL_BSP_SCHEDULE_DELAY', 0, warnings),
      exportTimeoutMillis: int(env, 'OTEL_BSP_EXPORT_TIMEOUT', 1, warnings),
      maxQueueSize: int(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1, warnings),
      maxExportBatchSize: int(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1, warnings),
    },
  };
  return { settings, warnings };
}
