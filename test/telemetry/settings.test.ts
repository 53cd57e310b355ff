// The OTEL_* variables as the span exporter reads them: what turns it on, what it refuses, and which variable wins.
import { describe, expect, it } from 'vitest';
import { readOtelSettings } from '../../src/telemetry/settings.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

describe('readOtelSettings', () => {
  it('exports nothing, silently, without an endpoint (blank counts as unset)', () => {
    expect(readOtelSettings({})).toEqual({ warnings: [] });
    expect(readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ', OTEL_SERVICE_NAME: 'x' })).toEqual({ warnings: [] });
  });

  it('exports nothing when OTEL_SDK_DISABLED is true, or OTEL_TRACES_EXPORTER is none', () => {
    expect(readOtelSettings({ ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }).settings).toBeUndefined();
    expect(readOtelSettings({ ...ENDPOINT, OTEL_SDK_DISABLED: 'false' }).settings).toBeDefined();
    expect(readOtelSettings({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ warnings: [] });
    const zipkin = readOtelSettings({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'zipkin' });
    expect(zipkin.settings).toBeUndefined();
    expect(zipkin.warnings.join()).toContain('only otlp');
    expect(readOtelSettings({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'otlp,console' }).settings).toBeDefined();
  });

  it('appends /v1/traces to the general endpoint and takes the traces endpoint as it is', () => {
    expect(readOtelSettings(ENDPOINT).settings?.url).toBe('http://collector:4318/v1/traces');
    expect(readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://gw.example/otel/' }).settings?.url).toBe('https://gw.example/otel/v1/traces');
    expect(readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://gw:4318?tenant=a' }).settings?.url).toBe('http://gw:4318/v1/traces?tenant=a');
    const both = { ...ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:4318/custom' };
    expect(readOtelSettings(both).settings?.url).toBe('http://other:4318/custom');
  });

  it('refuses endpoints that are not http(s) URLs, with a warning', () => {
    for (const url of ['collector:4318', 'not a url', 'ftp://collector/']) {
      const r = readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: url });
      expect(r.settings, url).toBeUndefined();
      expect(r.warnings, url).toHaveLength(1);
    }
  });

  it('defaults to http/protobuf, takes http/json, and refuses grpc and unknown protocols', () => {
    expect(readOtelSettings(ENDPOINT).settings?.protocol).toBe('http/protobuf');
    expect(readOtelSettings({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).settings?.protocol).toBe('http/json');
    const specific = { ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' };
    expect(readOtelSettings(specific).settings?.protocol).toBe('http/json');
    const grpc = readOtelSettings({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(grpc.settings).toBeUndefined();
    expect(grpc.warnings.join()).toMatch(/grpc is not supported.*4318/);
    expect(readOtelSettings({ ...ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'thrift' }).warnings.join()).toContain('unknown');
  });

  it('percent-decodes headers, lets the traces headers win, and never repeats a bad value', () => {
    const r = readOtelSettings({
      ...ENDPOINT,
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20tok%3D%3D, x-tenant = a ,broken,=novalue',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=b,x-bad=%E0%A4%A',
    });
    expect(r.settings?.headers).toEqual({ Authorization: 'Bearer tok==', 'x-tenant': 'b' });
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings.join()).not.toContain('%E0');
  });

  it('takes the service name from OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES, then hookhive', () => {
    expect(readOtelSettings(ENDPOINT).settings?.serviceName).toBe('hookhive');
    const attrs = { ...ENDPOINT, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,deployment.environment.name=prod%20eu' };
    expect(readOtelSettings(attrs).settings).toMatchObject({
      serviceName: 'from-attrs',
      resourceAttributes: { 'deployment.environment.name': 'prod eu' },
    });
    expect(readOtelSettings({ ...attrs, OTEL_SERVICE_NAME: 'named' }).settings?.serviceName).toBe('named');
  });

  it('reads the batch, timeout and compression variables, and warns about values it cannot use', () => {
    const r = readOtelSettings({
      ...ENDPOINT,
      OTEL_BSP_SCHEDULE_DELAY: '0',
      OTEL_BSP_EXPORT_TIMEOUT: '2000',
      OTEL_BSP_MAX_QUEUE_SIZE: '-1',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1.5',
      OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '4000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP',
    });
    expect(r.settings).toMatchObject({
      timeoutMillis: 4000,
      compression: 'gzip',
      batch: { scheduledDelayMillis: 0, exportTimeoutMillis: 2000, maxQueueSize: undefined, maxExportBatchSize: undefined },
    });
    expect(r.warnings).toHaveLength(2);
    expect(readOtelSettings({ ...ENDPOINT, OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' }).warnings.join()).toContain('neither gzip nor none');
  });
});
