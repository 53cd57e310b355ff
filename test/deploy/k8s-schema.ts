// Kubernetes manifests checked as `kubectl apply --validate=strict` would, with no cluster: the API's OpenAPI
// schemas (compiled into kubernetes-models) plus a strict pass that rejects fields the schema does not know.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Secret, Service } from 'kubernetes-models/v1';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

interface Validatable {
  validate(): void;
}

const MODELS: Record<string, new (data: any) => Validatable> = {
  'apps/v1 Deployment': Deployment,
  'apps/v1 StatefulSet': StatefulSet,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'v1 Secret': Secret,
  'v1 Service': Service,
};

/** Every YAML document of a file; a YAML syntax error throws with the file's name. */
export function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Manifest;
  });
}

/**
 * Problems with one object: schema errors, then fields the schema never looked at. The OpenAPI schemas allow unknown
 * fields (the API server drops them, or refuses them under strict validation), so a misspelt `readinessProbes` would
 * pass a plain schema check; here every key the compiled validator did not read, in an object whose keys it did not
 * enumerate (maps such as labels), is reported.
 */
export function manifestProblems(manifest: Manifest): string[] {
  const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`];
  if (!Model) return [`no schema here for ${manifest.apiVersion} ${manifest.kind}`];
  const model = new Model(manifest);
  const seen = new Tracker();
  try {
    model.validate.call(seen.wrap(model));
  } catch (err) {
    return [(err as Error).message];
  }
  return seen.unread(model).map((path) => `unknown field ${path}`);
}

class Tracker {
  private readonly read = new Map<object, Set<string>>();
  private readonly enumerated = new Set<object>();

  wrap<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    const target = value as object;
    if (!this.read.has(target)) this.read.set(target, new Set());
    const keys = this.read.get(target)!;
    return new Proxy(target, {
      get: (t, k, r) => {
        if (typeof k === 'string') keys.add(k);
        return this.wrap(Reflect.get(t, k, r) as unknown);
      },
      has: (t, k) => {
        if (typeof k === 'string') keys.add(k);
        return Reflect.has(t, k);
      },
      ownKeys: (t) => {
        this.enumerated.add(t);
        return Reflect.ownKeys(t);
      },
    }) as T;
  }

  unread(root: object): string[] {
    const out: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (value === null || typeof value !== 'object') return;
      const isArray = Array.isArray(value);
      for (const [k, v] of Object.entries(value)) {
        const at = isArray ? `${path}[${k}]` : `${path}.${k}`;
        // `validate` is the model's own method, not data. Below an unknown field nothing is known: report it once.
        if (!isArray && !this.enumerated.has(value) && !this.read.get(value)?.has(k) && k !== 'validate') out.push(at);
        else walk(v, at);
      }
    };
    walk(root, '');
    return out;
  }
}
