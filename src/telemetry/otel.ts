// Tool calls as OpenTelemetry spans, opt-in through the standard OTEL_* variables; without them no OpenTelemetry code loads.
import type { TelemetryLog, ToolCallExporter } from './types.js';
import { readOtelSettings } from './settings.js';

export type { TelemetryLog, ToolCallExporter } from './types.js';

export interface ToolCallExporterOptions {
  /** Longest a shutdown waits for the last spans to leave (default 5000 ms); after it they are dropped with a warning. */
  shutdownTimeoutMs?: number;
}

/**
 * A span exporter for paired tool calls, or undefined when the environment asks for none (no OTLP endpoint,
 * `OTEL_SDK_DISABLED=true`, `OTEL_TRACES_EXPORTER=none`) or for something this service cannot send (grpc).
 * The OpenTelemetry SDK is imported only past that point, so a service without OTel pays for none of it.
 * Nothing is registered globally: each exporter owns its own tracer provider, stopped by `shutdown`.
 */
export async function createToolCallExporter(
  env: Record<string, string | undefined>,
  log?: TelemetryLog,
  options: ToolCallExporterOptions = {},
): Promise<ToolCallExporter | undefined> {
  const { settings, warnings } = readOtelSettings(env);
  for (const warning of warnings) log?.warn({ component: 'otel' }, warning);
  if (settings === undefined) return undefined;
  let exporter: ToolCallExporter;
  try {
    const { startToolCallSdk } = await import('./sdk.js');
    exporter = await startToolCallSdk(settings, options.shutdownTimeoutMs ?? 5000, log);
  } catch (err) {
    // Telemetry is never a reason for the hook service not to start; the warning says why spans are missing.
    log?.warn({ component: 'otel', err }, 'OpenTelemetry could not start; no spans are exported');
    return undefined;
  }
  // The URL without user info or query: either may carry a credential.
  const shown = new URL(settings.url);
  log?.info({ component: 'otel', url: `${shown.origin}${shown.pathname}`, protocol: settings.protocol, service: settings.serviceName }, 'exporting tool calls as OpenTelemetry spans');
  return exporter;
}
