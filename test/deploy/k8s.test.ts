// deploy/k8s: every manifest valid against the Kubernetes schemas (strictly), and wired together as the README says.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from '../../src/config.js';
import { manifestProblems, readManifests, type Manifest } from './k8s-schema.js';

const DIR = new URL('../../deploy/k8s/', import.meta.url).pathname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const all: Manifest[] = files.flatMap((f) => readManifests(join(DIR, f)));
const find = (kind: string, name: string): Manifest => {
  const m = all.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return m;
};

const deployment = find('Deployment', 'hookhive');
const pod = deployment.spec.template.spec;
const container = pod.containers.find((c: any) => c.name === 'hookhive');
const podLabels: Record<string, string> = deployment.spec.template.metadata.labels;
const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);

describe('deploy/k8s manifests', () => {
  it.each(files)('%s: every object is valid against its Kubernetes schema, with no unknown field', (file) => {
    for (const m of readManifests(join(DIR, file))) expect(manifestProblems(m), `${file}: ${m.kind} ${m.metadata?.name}`).toEqual([]);
  });

  it('the strict check catches a misspelt field and a bad quantity (so a pass above means something)', () => {
    const bad = structuredClone(deployment);
    bad.spec.template.spec.containers[0].readinessProbes = bad.spec.template.spec.containers[0].readinessProbe;
    expect(manifestProblems(bad)).toEqual(['unknown field .spec.template.spec.containers[0].readinessProbes']);
    const quantity = structuredClone(deployment);
    quantity.spec.template.spec.containers[0].resources.limits.memory = '640 MB';
    expect(manifestProblems(quantity).join()).toMatch(/memory/);
  });

  it('kustomization.yaml lists existing files, all but the example Secret', () => {
    const k = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'));
    expect(k.kind).toBe('Kustomization');
    for (const r of k.resources) expect(existsSync(join(DIR, r)), r).toBe(true);
    expect([...k.resources].sort()).toEqual(files.filter((f) => !f.includes('example')).sort());
    expect(k.images.map((i: any) => i.name)).toContain(container.image.split(':')[0]);
  });

  it('the Deployment runs 2+ replicas, probes /health/live and /health/ready on the port it listens on', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    const port = container.ports.find((p: any) => p.name === 'http');
    expect(port.containerPort).toBe(Number(env.PORT));
    expect(env.HOST).toBe('0.0.0.0');
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.startupProbe.httpGet.port).toBe('http');
  });

  it('requests and limits CPU and memory; the heap shedding threshold sits under the memory limit', () => {
    const { requests, limits } = container.resources;
    for (const r of [requests, limits]) expect(Object.keys(r).sort()).toEqual(['cpu', 'memory']);
    const mi = (q: string) => Number(/^(\d+)Mi$/.exec(q)![1]) * 1024 * 1024;
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(Number(env.HOOK_MAX_HEAP_USED_BYTES)).toBeLessThan(mi(limits.memory));
    const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS)![1]) * 1024 * 1024;
    expect(Number(env.HOOK_MAX_HEAP_USED_BYTES)).toBeLessThan(oldSpace);
    expect(oldSpace).toBeLessThan(mi(limits.memory));
  });

  it('runs as the image user (1000), non-root, read-only root, no privilege escalation, no capabilities', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('every directory it writes is a volume: the spool dir and /tmp', () => {
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    const mounts = new Map<string, string>(container.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    const volumes = new Map<string, any>(pod.volumes.map((v: any) => [v.name, v]));
    for (const dir of [env.HOOK_SPOOL_DIR, '/tmp']) {
      expect(mounts.has(dir), dir).toBe(true);
      expect(volumes.get(mounts.get(dir)!)?.emptyDir, dir).toBeDefined();
    }
  });

  it('its environment plus the example Secret is a configuration hookhive accepts, with tokens and Redis', () => {
    const secret = find('Secret', 'hookhive');
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    const env: Record<string, string> = { ...secret.stringData };
    for (const e of container.env) env[e.name] = e.value;
    for (const name of Object.keys(env)) {
      if (name !== 'NODE_OPTIONS') expect(CONFIG_KEYS as string[], name).toContain(name);
    }
    const config = loadConfig(env);
    expect(config.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    expect(config.HOOK_AUTH_TOKENS).toBeTruthy();
  });

  it('SIGKILL comes after preStop and the whole drain', () => {
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    const preStop = Number(container.lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + Number(env.HOOK_SHUTDOWN_TIMEOUT_MS) / 1000);
  });

  it('the Service, PodDisruptionBudget and HorizontalPodAutoscaler all point at the Deployment', () => {
    const service = find('Service', 'hookhive');
    expect(selects(service.spec.selector)).toBe(true);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const pdb = find('PodDisruptionBudget', 'hookhive');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    const hpa = find('HorizontalPodAutoscaler', 'hookhive');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'hookhive' });
    expect(hpa.spec.metrics[0].resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization' } });
    // Above the PDB's minimum, so a node drain can always evict one pod.
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.minAvailable);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
  });

  it('the bundled Redis keeps an AOF on a volume and is reachable by the Secret\'s REDIS_URL', () => {
    const redis = find('StatefulSet', 'redis');
    const args: string[] = redis.spec.template.spec.containers[0].args;
    expect(args.join(' ')).toContain('--appendonly yes');
    expect(redis.spec.volumeClaimTemplates[0].metadata.name).toBe(redis.spec.template.spec.containers[0].volumeMounts[0].name);
    const service = find('Service', 'redis');
    expect(service.spec.ports[0].port).toBe(6379);
    expect(new URL(find('Secret', 'hookhive').stringData.REDIS_URL).hostname).toBe(service.metadata.name);
    const policy = find('NetworkPolicy', 'redis');
    expect(selects(policy.spec.ingress[0].from[0].podSelector.matchLabels)).toBe(true);
  });
});
