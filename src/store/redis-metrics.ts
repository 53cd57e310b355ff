// Prometheus metrics of the Redis store, registered on the app's registry (never the global one).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RedisMetricsSource {
  redisUp(): boolean;
  spoolDepth(): number;
}

export class RedisStoreMetrics {
  readonly up: Gauge;
  readonly xadd: Histogram<'path'>;
  readonly spoolEvents: Gauge;
  readonly spooled: Counter;
  readonly flushed: Counter;
  readonly reconnects: Counter;

  constructor(source: RedisMetricsSource, registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.up = new Gauge({
      name: 'hooks_redis_up',
      help: '1 while Redis takes writes (connected and the circuit closed), else 0',
      registers,
      collect() {
        this.set(source.redisUp() ? 1 : 0);
      },
    });
    this.xadd = new Histogram({
      name: 'hooks_redis_xadd_seconds',
      help: 'Duration of one append script call (XADD + idempotency key); path is direct or flush',
      labelNames: ['path'] as const,
      buckets: [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.spoolEvents = new Gauge({
      name: 'hooks_spool_events',
      help: 'Events waiting in the outage spool for Redis',
      registers,
      collect() {
        this.set(source.spoolDepth());
      },
    });
    this.spooled = new Counter({
      name: 'hooks_spooled_total',
      help: 'Events accepted into the outage spool because Redis was unreachable, slow or failing',
      registers,
    });
    this.flushed = new Counter({
      name: 'hooks_spool_flushed_total',
      help: 'Spooled events written to Redis after it came back (duplicates absorbed included)',
      registers,
    });
    this.reconnects = new Counter({
      name: 'hooks_redis_reconnects_total',
      help: 'Reconnection attempts of the Redis command connection',
      registers,
    });
  }
}
