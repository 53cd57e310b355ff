// instrument(): a Proxy that runs an orchestrator's methods inside hookContext, one operation per call.
import type { HookContext, InstrumentOptions, Instrumented } from './types.js';

type RunInContext = <R>(operation: string, agentId: string | undefined, fn: (ctx: HookContext) => Promise<R> | R) => Promise<R>;

/** Method names up the prototype chain, stopping before Object.prototype so `toString` and kin stay untouched. */
function methodNames(obj: object): Set<string> {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key === 'constructor' || names.has(key)) continue;
      const desc = Object.getOwnPropertyDescriptor(o, key);
      // Getters are left alone: reading a property must not post events.
      if (desc && typeof desc.value === 'function') names.add(key);
    }
  }
  return names;
}

function agentIdOf(obj: object): string | undefined {
  const self = obj as { agentId?: unknown; id?: unknown };
  if (typeof self.agentId === 'string') return self.agentId;
  return typeof self.id === 'string' ? self.id : undefined;
}

export function instrumentObject<T extends object, K extends keyof T & string>(
  target: T,
  options: InstrumentOptions<K>,
  run: RunInContext,
): Instrumented<T, K> {
  const methods = methodNames(target);
  const wanted: ReadonlySet<string> = options.methods ? new Set<string>(options.methods) : methods;
  const record = options.recordResult;
  // One wrapper per method (rebuilt only if the method is replaced), so `wrapped.plan === wrapped.plan`.
  const wrappers = new Map<string, { method: unknown; wrapper: (...args: unknown[]) => Promise<unknown> }>();
  const proxy = new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function' || !(wanted.has(prop) || methods.has(prop))) return value;
      const known = wrappers.get(prop);
      if (known?.method === value) return known.wrapper;
      const method = value as (...args: unknown[]) => unknown;
      if (!wanted.has(prop)) {
        // A method left out still runs on the original object, or its private fields would be out of reach.
        const bound = method.bind(obj) as (...args: unknown[]) => Promise<unknown>;
        wrappers.set(prop, { method, wrapper: bound });
        return bound;
      }
      // `this` is the original object: private fields (#x) work, and internal calls are not separate operations.
      const wrapper = (...args: unknown[]) =>
        run(prop, options.agentId ?? agentIdOf(obj), async (ctx) => {
          const out = await method.apply(obj, args);
          if (record) ctx.setResult(typeof record === 'function' ? record(out, prop) : out);
          return out;
        });
      wrappers.set(prop, { method, wrapper });
      return wrapper;
    },
  });
  return proxy as unknown as Instrumented<T, K>;
}
