// Stream clients in their own process (parsing frames must not slow the load generator), each noting which events it got.
import { WebSocket } from 'ws';
import { Bits, monotonicMs } from './lib.js';

/** Parent → child messages. */
export type ClientsCommand =
  | { type: 'check'; run: string; acked: string }
  | { type: 'forget'; run: string }
  /** Note when each client first gets each event `0 <= n < count` of the run (POST -> WebSocket latency). */
  | { type: 'time'; run: string; count: number }
  | { type: 'times'; run: string }
  | { type: 'status' }
  | { type: 'stop' };
/** Child → parent messages. */
export type ClientsReport =
  | { type: 'ready'; clients: number }
  | { type: 'checked'; run: string; missing: number[]; received: number[] }
  | { type: 'status'; open: number; closes: string[] }
  /** Per client, per event: when its frame arrived (monotonicMs), or -1 if it never did. */
  | { type: 'times'; run: string; times: number[][] }
  | { type: 'failed'; message: string };

const send = (m: ClientsReport) => process.send?.(m);

async function main(): Promise<void> {
  const [url, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  // Events of a run carry correlation_id `tu-<run>-<n>`; one match per event (the payload's tool_use_id is not matched).
  const idRe = /"correlation_id":"tu-([A-Za-z0-9]+)-(\d+)"/g;
  const seen: Map<string, Bits>[] = [];
  const closes: string[] = [];
  const sockets: WebSocket[] = [];
  let timing: { run: string; times: Float64Array[] } | null = null;
  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/hooks/stream`);
      const runs = new Map<string, Bits>();
      seen[i] = runs;
      sockets[i] = ws;
      let subscribed = false;
      ws.once('error', (err) => (subscribed ? closes.push(`client ${i}: ${err.message}`) : reject(err)));
      ws.once('close', (code, reason) => {
        if (!stopping) closes.push(`client ${i}: closed ${code} ${reason.toString()}`);
      });
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (!subscribed) {
          if (text.includes('"type":"subscribed"')) {
            subscribed = true;
            resolve();
          }
          return;
        }
        const now = monotonicMs();
        for (const m of text.matchAll(idRe)) {
          let bits = runs.get(m[1]);
          if (!bits) runs.set(m[1], (bits = new Bits()));
          const n = Number(m[2]);
          bits.add(n);
          const times = timing?.run === m[1] ? timing.times[i] : undefined;
          if (times && n < times.length && times[n] < 0) times[n] = now;
        }
      });
    });
  let stopping = false;
  // Opened in slices of 100: 1000 handshakes at once would measure the accept queue, not idle clients.
  for (let i = 0; i < count; i += 100) await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, k) => open(i + k)));
  send({ type: 'ready', clients: count });

  process.on('message', (m: ClientsCommand) => {
    if (m.type === 'check') {
      const acked = Bits.fromBase64(m.acked);
      const missing = seen.map((runs) => acked.missingFrom(runs.get(m.run) ?? new Bits()));
      const received = seen.map((runs) => runs.get(m.run)?.size ?? 0);
      send({ type: 'checked', run: m.run, missing, received });
    } else if (m.type === 'time') {
      timing = { run: m.run, times: sockets.map(() => new Float64Array(m.count).fill(-1)) };
    } else if (m.type === 'times') {
      const times = timing?.run === m.run ? timing.times.map((t) => Array.from(t)) : [];
      timing = null;
      send({ type: 'times', run: m.run, times });
    } else if (m.type === 'forget') {
      for (const runs of seen) runs.delete(m.run);
    } else if (m.type === 'status') {
      send({ type: 'status', open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length, closes });
    } else {
      stopping = true;
      for (const ws of sockets) ws.terminate();
      process.disconnect?.();
    }
  });
  process.once('disconnect', () => {
    stopping = true;
    for (const ws of sockets) ws.terminate();
    setTimeout(() => process.exit(0), 100);
  });
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
