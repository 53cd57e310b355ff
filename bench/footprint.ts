// Memory footprint: the service's RSS after N events through the embedded store, then with many idle stream clients.
import { rssMb, startService } from './procs.js';
import { envelopeBatch } from './payloads.js';
import { startStreamClients } from './stream.js';

export interface Footprint {
  /** Events asked for and events the service acknowledged (batches of 1000 on /hooks/batch). */
  events: number;
  acknowledged: number;
  failed: number;
  seconds: number;
  rssStartMb: number;
  rssAfterEventsMb: number;
  idleClients: number;
  rssWithClientsMb: number;
  /** SIGTERM exit code (the service drains and must exit 0). */
  exitCode: number | null;
}

const BATCH = 1000;

/**
 * A fresh service on the embedded store with its defaults (HOOK_MEMORY_MAX_EVENTS 100000), so the figure is the
 * bounded ring's plateau rather than growth; only the connection cap is raised to admit the idle clients.
 */
export async function footprint(run: string, events: number, idleClients: number, timeLimitMs: number): Promise<Footprint> {
  const svc = await startService('memory footprint', { HOOK_WS_MAX_CONNECTIONS: String(idleClients + 100) });
  try {
    const rssStartMb = rssMb(svc.pid);
    const started = performance.now();
    const deadline = started + timeLimitMs;
    let next = 0;
    let acknowledged = 0;
    let failed = 0;
    // Two batches in flight: enough to keep the service busy without piling up bodies in either process.
    const worker = async () => {
      while (next < events && performance.now() < deadline) {
        const start = next;
        next += BATCH;
        const size = Math.min(BATCH, events - start);
        const res = await fetch(`${svc.url}/hooks/batch`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: envelopeBatch(run, start, size),
        });
        const text = await res.text();
        if (!res.ok) {
          failed += size;
          continue;
        }
        const bad = text.match(/"success":false/g)?.length ?? 0;
        failed += bad;
        acknowledged += size - bad;
      }
    };
    await Promise.all([worker(), worker()]);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    // A moment for the aggregator's window and the stream's batching to settle before reading RSS.
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfterEventsMb = rssMb(svc.pid);
    const clients = await startStreamClients(svc.url, idleClients);
    let rssWithClientsMb: number;
    try {
      await new Promise((r) => setTimeout(r, 2000));
      rssWithClientsMb = rssMb(svc.pid);
    } finally {
      await clients.stop();
    }
    const exitCode = await svc.stop();
    return { events, acknowledged, failed, seconds, rssStartMb, rssAfterEventsMb, idleClients, rssWithClientsMb, exitCode };
  } finally {
    await svc.stop();
  }
}
