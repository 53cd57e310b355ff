// Stream ids `<ms>-<seq>` as Redis Streams spells them: parsing, ordering and generation.
export interface StreamIdParts {
  ms: number;
  seq: number;
}

const ID_RE = /^(\d{1,16})-(\d{1,16})$/;

export function parseStreamId(id: string): StreamIdParts | null {
  const m = ID_RE.exec(id);
  if (!m) return null;
  return { ms: Number(m[1]), seq: Number(m[2]) };
}

export function isStreamId(id: unknown): id is string {
  return typeof id === 'string' && ID_RE.test(id);
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareStreamIds(a: string, b: string): number {
  const pa = parseStreamId(a);
  const pb = parseStreamId(b);
  if (!pa || !pb) throw new TypeError(`not a stream id: ${pa ? b : a}`);
  return pa.ms - pb.ms || pa.seq - pb.seq;
}

/** The largest id below `id` that this module can spell (seq capped at 16 digits, as parsed here). */
export function streamIdBefore(id: string): string {
  const p = parseStreamId(id);
  if (!p) throw new TypeError(`not a stream id: ${id}`);
  if (p.seq > 0) return `${p.ms}-${p.seq - 1}`;
  return p.ms > 0 ? `${p.ms - 1}-9999999999999999` : '0-0';
}

/** Generates strictly increasing ids even when the clock stands still or steps back. */
export class StreamIdGenerator {
  private lastMs = 0;
  private lastSeq = -1;

  constructor(private readonly now: () => number = Date.now) {}

  /** Continue after an id already issued (e.g. restored history). */
  advancePast(id: string): void {
    const p = parseStreamId(id);
    if (!p) return;
    if (p.ms > this.lastMs || (p.ms === this.lastMs && p.seq > this.lastSeq)) {
      this.lastMs = p.ms;
      this.lastSeq = p.seq;
    }
  }

  next(): string {
    const now = Math.floor(this.now());
    if (now > this.lastMs) {
      this.lastMs = now;
      this.lastSeq = 0;
    } else {
      this.lastSeq += 1;
    }
    return `${this.lastMs}-${this.lastSeq}`;
  }
}
