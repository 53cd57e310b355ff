// The live stream's Prometheus metrics, registered on the app's own registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const LAG_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Events per frame: 1 is the urgent path's usual frame, HOOK_BATCH_SIZE (100 by default) a full batch. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export class StreamMetrics {
  readonly connections: Gauge;
  readonly messages: Counter;
  readonly bytes: Counter;
  readonly filtered: Counter;
  readonly slowConsumers: Counter;
  readonly rejectedConnections: Counter;
  readonly lag: Histogram;
  readonly batchEvents: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.connections = new Gauge({ name: 'hooks_ws_connections', help: 'Open WebSocket stream clients', registers });
    this.messages = new Counter({ name: 'hooks_ws_messages_sent_total', help: 'WebSocket frames sent to stream clients', registers });
    this.bytes = new Counter({ name: 'hooks_ws_bytes_sent_total', help: 'Bytes of WebSocket frames sent to stream clients', registers });
    this.filtered = new Counter({
      name: 'hooks_ws_events_filtered_total',
      help: 'Live events not sent to a subscribed client because its filters excluded them',
      registers,
    });
    this.slowConsumers = new Counter({
      name: 'hooks_ws_slow_consumer_closes_total',
      help: 'Clients closed with 4008 because their send queue went over HOOK_WS_MAX_BUFFER_BYTES',
      registers,
    });
    this.rejectedConnections = new Counter({
      name: 'hooks_ws_rejected_connections_total',
      help: 'Connections closed with 1013 because HOOK_WS_MAX_CONNECTIONS was reached',
      registers,
    });
    this.lag = new Histogram({
      name: 'hooks_ws_fanout_lag_seconds',
      help: 'From an event being stored (its stream id time) to its frame being sent to clients',
      buckets: LAG_BUCKETS,
      registers,
    });
    this.batchEvents = new Histogram({
      name: 'hooks_ws_batch_events',
      help: 'Events per live hook_events frame sent to a client (sum / count is the average batch size)',
      buckets: BATCH_BUCKETS,
      registers,
    });
  }
}
