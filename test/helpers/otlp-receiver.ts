// A real OTLP/HTTP trace receiver on a free port: records each POST and decodes its spans from JSON or protobuf.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type AttrValue = string | number | boolean;

/** One span as both encodings carry it, in one shape so tests assert the same way on either. */
export interface ReceivedSpan {
  name: string;
  /** OTLP's SpanKind: 1 INTERNAL, 2 SERVER, ... */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, AttrValue>;
  /** OTLP's StatusCode: 0 UNSET, 1 OK, 2 ERROR. */
  status: { code: number; message: string };
  resource: Record<string, AttrValue>;
}

export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT (what OTEL_EXPORTER_OTLP_ENDPOINT takes). */
  url: string;
  requests: ReceivedRequest[];
  /** Every span of every request received so far. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

// ---- protobuf: just enough of the wire format for opentelemetry/proto/collector/trace/v1 requests ----

type Field = bigint | Buffer;

/** A message's fields by number; varints as bigint, fixed64/fixed32/length-delimited as their bytes. */
function fields(buf: Buffer): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  const take = (n: number): Buffer => {
    if (pos + n > buf.length) throw new Error('truncated field');
    const b = buf.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const wire = tag & 7;
    const value = wire === 0 ? varint() : wire === 1 ? take(8) : wire === 2 ? take(Number(varint())) : wire === 5 ? take(4) : undefined;
    if (value === undefined) throw new Error(`unsupported wire type ${wire}`);
    const list = out.get(tag >> 3) ?? [];
    list.push(value);
    out.set(tag >> 3, list);
  }
  return out;
}

const bytesOf = (m: Map<number, Field[]>, n: number): Buffer[] => (m.get(n) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
const str = (m: Map<number, Field[]>, n: number): string => bytesOf(m, n)[0]?.toString('utf8') ?? '';
const num = (m: Map<number, Field[]>, n: number): number => Number((m.get(n) ?? []).find((v) => typeof v === 'bigint') ?? 0n);

function protoAttributes(kvs: Buffer[]): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const kv of kvs) {
    const f = fields(kv);
    const any = fields(bytesOf(f, 2)[0] ?? Buffer.alloc(0));
    // AnyValue: 1 string, 2 bool, 3 int, 4 double.
    out[str(f, 1)] = any.has(1) ? str(any, 1) : any.has(2) ? num(any, 2) === 1 : any.has(3) ? num(any, 3) : bytesOf(any, 4)[0]?.readDoubleLE(0) ?? '';
  }
  return out;
}

function decodeProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of bytesOf(fields(body), 1)) {
    const rsf = fields(rs);
    const resource = protoAttributes(bytesOf(fields(bytesOf(rsf, 1)[0] ?? Buffer.alloc(0)), 1));
    for (const ss of bytesOf(rsf, 2)) {
      for (const sp of bytesOf(fields(ss), 2)) {
        const f = fields(sp);
        const status = fields(bytesOf(f, 15)[0] ?? Buffer.alloc(0));
        spans.push({
          name: str(f, 5),
          kind: num(f, 6),
          startNs: bytesOf(f, 7)[0]?.readBigUInt64LE(0) ?? 0n,
          endNs: bytesOf(f, 8)[0]?.readBigUInt64LE(0) ?? 0n,
          attributes: protoAttributes(bytesOf(f, 9)),
          status: { code: num(status, 3), message: str(status, 2) },
          resource,
        });
      }
    }
  }
  return spans;
}

// ---- JSON: the ExportTraceServiceRequest as OTLP/JSON spells it ----

interface JsonKeyValue {
  key: string;
  value: { stringValue?: string; boolValue?: boolean; intValue?: number | string; doubleValue?: number };
}

function jsonAttributes(kvs: JsonKeyValue[] | undefined): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const { key, value } of kvs ?? []) {
    out[key] = value.stringValue ?? value.boolValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.doubleValue ?? '');
  }
  return out;
}

function decodeJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8'));
  const spans: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = jsonAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const sp of ss.spans ?? []) {
        spans.push({
          name: sp.name,
          kind: sp.kind,
          // OTLP/JSON allows the 64-bit times as numbers or decimal strings.
          startNs: BigInt(sp.startTimeUnixNano),
          endNs: BigInt(sp.endTimeUnixNano),
          attributes: jsonAttributes(sp.attributes),
          status: { code: sp.status?.code ?? 0, message: sp.status?.message ?? '' },
          resource,
        });
      }
    }
  }
  return spans;
}

function decodeTraceRequest(req: ReceivedRequest): ReceivedSpan[] {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) return decodeJson(req.body);
  if (type.startsWith('application/x-protobuf')) return decodeProtobuf(req.body);
  throw new Error(`unexpected content-type ${type}`);
}

/** Starts a receiver on 127.0.0.1 and a free port; `POST /v1/traces` (or any path) answers 200 `{}`. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      // An empty ExportTraceServiceResponse: `{}` in JSON, zero bytes in protobuf.
      const json = String(req.headers['content-type'] ?? '').startsWith('application/json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () => requests.flatMap(decodeTraceRequest),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
