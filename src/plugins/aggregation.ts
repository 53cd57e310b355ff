// The aggregator over the store's tail: window summaries stored beside the events and streamed, tool calls as spans.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { AggregateSummary, StoredAggregate } from '../aggregation/types.js';
import { Aggregator } from '../aggregation/aggregator.js';
import { AggregationPromMetrics } from '../aggregation/metrics.js';
import { loadRulesModule } from '../aggregation/rules.js';
import { createToolCallExporter } from '../telemetry/otel.js';

declare module 'fastify' {
  interface FastifyInstance {
    aggregator: Aggregator;
  }
}

/** Windows held open at once (agents × sessions seen in the last interval); beyond it the oldest closes early. */
const MAX_WINDOWS = 10_000;

export interface AggregationPluginOptions {
  config: Config;
  /** The OTEL_* variables (config.ts otelEnvironment): with an endpoint in them, tool calls are exported as spans. */
  otelEnv: Record<string, string | undefined>;
  /** Where each stored summary goes next (the live stream). */
  publish?: (aggregate: StoredAggregate) => void;
}

async function aggregationPlugin(app: FastifyInstance, opts: AggregationPluginOptions) {
  const { config } = opts;
  const { store } = app;
  const metrics = new AggregationPromMetrics(app.metrics.registry);
  const exporter = await createToolCallExporter(opts.otelEnv, app.log);

  /** Stored once however many instances summarize the window; a store that cannot take it costs the summary, never an event. */
  const onSummary = async (summary: AggregateSummary): Promise<void> => {
    try {
      const { id, stored } = await store.aggregates.put(summary);
      metrics.summaries.inc({ result: stored ? 'stored' : 'duplicate' });
      opts.publish?.({ ...summary, id });
    } catch (err) {
      metrics.summaries.inc({ result: 'failed' });
      app.log.warn({ err, key: summary.key }, 'aggregate summary could not be stored');
    }
  };

  const aggregator = new Aggregator({
    windowMs: config.HOOK_FLUSH_INTERVAL_MS,
    toolCallTimeoutMs: config.HOOK_TOOL_CALL_TIMEOUT_MS,
    maxOpenCalls: config.HOOK_MAX_OPEN_TOOL_CALLS,
    maxWindows: MAX_WINDOWS,
    ruleBudgetMs: config.HOOK_AGGREGATION_RULE_BUDGET_MS,
    onSummary,
    onToolCall: exporter ? (call) => exporter.record(call) : undefined,
    log: app.log,
    metrics,
  });
  if (config.HOOK_AGGREGATION_RULES_MODULE) {
    const names = await loadRulesModule(config.HOOK_AGGREGATION_RULES_MODULE, aggregator);
    app.log.info({ rules: names, module: config.HOOK_AGGREGATION_RULES_MODULE }, 'aggregation rules loaded');
  }
  app.decorate('aggregator', aggregator);
  const unsubscribe = store.subscribe((events) => aggregator.ingest(events));
  aggregator.start();
  // Before the store closes (hooks run in reverse order of registration): the last windows are summarized and stored.
  app.addHook('onClose', async () => {
    unsubscribe();
    await aggregator.close();
    await exporter?.shutdown();
  });
}

export default fp(aggregationPlugin, { name: 'hookhive-aggregation', dependencies: ['hookhive-metrics', 'hookhive-store'] });
