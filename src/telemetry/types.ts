// What the span exporter offers and logs through, apart from both the loader (otel.ts) and the SDK side (sdk.ts).
import type { ToolCall } from '../aggregation/types.js';

/** What the exporter logs through: a pino / Fastify logger fits. */
export interface TelemetryLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ToolCallExporter {
  /** Queues one span for the call; never throws (a failure is logged once). */
  record(call: ToolCall): void;
  /** Flushes what is queued and stops, within `shutdownTimeoutMs`; never rejects. Later `record`s are ignored. */
  shutdown(): Promise<void>;
}
