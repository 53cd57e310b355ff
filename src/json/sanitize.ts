// JSON hygiene for whatever enters the process: bound its depth, strip prototype-polluting keys, bound its serialized size.

export interface SanitizeNotes {
  /** Values replaced because they were nested deeper than the limit. */
  depth_truncated?: number;
  /** `__proto__` keys, and `constructor` keys whose value holds a `prototype` key, removed. */
  keys_removed?: number;
}

export interface SizeBound {
  value: Record<string, unknown>;
  fields_truncated: number;
  original_bytes: number;
  bytes: number;
}

/** Key of the replacement object `boundSize` returns when cutting strings cannot make a payload fit. */
export const OVERSIZE_KEY = '__hookhive_truncated__';

/** The string that stands in for a container nested deeper than `maxDepth`. */
export function depthMarker(maxDepth: number): string {
  return `[hookhive: truncated, nested deeper than ${maxDepth} levels]`;
}

/** The suffix that ends a string `boundSize` cut; `removedBytes` is the UTF-8 size of the part cut off. */
export function truncationSuffix(removedBytes: number): string {
  return `…[hookhive: truncated ${removedBytes} bytes]`;
}

type Container = Record<string, unknown> | unknown[];
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/**
 * Writes into a clone made by spread/slice. Spread copies an own `__proto__` key as data, so the
 * clone already owns every key written here and plain assignment never reaches the __proto__ setter.
 */
const setOwn = (clone: Container, key: string | number, v: unknown) => {
  (clone as Record<string | number, unknown>)[key] = v;
};

/** Bounds depth and removes prototype-polluting keys, in place (the value comes fresh from JSON.parse). */
export function sanitizeJson(value: unknown, maxDepth: number): SanitizeNotes {
  const notes: SanitizeNotes = {};
  if (!isContainer(value)) return notes;
  let truncated = 0;
  let removed = 0;
  let marker: string | undefined;
  // Depth-first with pop(): the stack holds pending siblings only, so a million-deep chain keeps it tiny.
  const nodes: Container[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop() as Container;
    const childDepth = (depths.pop() as number) + 1;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (!isContainer(v)) continue;
        if (childDepth > maxDepth) {
          node[i] = marker ??= depthMarker(maxDepth);
          truncated++;
        } else {
          nodes.push(v);
          depths.push(childDepth);
        }
      }
      continue;
    }
    // Object.keys lists the own `__proto__` data property JSON.parse creates; for-in would also list polluted inherited keys.
    const keys = Object.keys(node);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const v: unknown = node[key];
      if (key === '__proto__' || (key === 'constructor' && isContainer(v) && hasOwn(v, 'prototype'))) {
        delete node[key];
        removed++;
        continue;
      }
      if (!isContainer(v)) continue;
      if (childDepth > maxDepth) {
        node[key] = marker ??= depthMarker(maxDepth);
        truncated++;
      } else {
        nodes.push(v);
        depths.push(childDepth);
      }
    }
  }
  if (truncated > 0) notes.depth_truncated = truncated;
  if (removed > 0) notes.keys_removed = removed;
  return notes;
}

// Printable ASCII other than `"` and `\`: one JSON byte per character.
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/**
 * JSON.stringify's UTF-8 bytes for s.slice(from, to), quotes excluded. Surrogates are costed per unit
 * (2 + 2 for a pair, 6 for a lone one, which stringify writes as \udXXX) so sums over any
 * pair-respecting split add up exactly.
 */
function escapedBytes(s: string, from: number, to: number): number {
  let b = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20) b += c === 0x22 || c === 0x5c ? 2 : 1;
      else b += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    } else if (c < 0x800) b += 2;
    else if (c < 0xd800 || c > 0xdfff) b += 3;
    else if (c <= 0xdbff) b += isLow(s.charCodeAt(i + 1)) ? 2 : 6;
    else b += isHigh(s.charCodeAt(i - 1)) ? 2 : 6;
  }
  return b;
}
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Exact UTF-8 size of JSON.stringify(s). */
function stringBytes(s: string): number {
  if (s.length < 24) return 2 + escapedBytes(s, 0, s.length);
  // The regex scan is ~3x cheaper per character than the loop, and most long strings are plain up to some point.
  const i = s.search(NOT_PLAIN);
  return i < 0 ? s.length + 2 : i + 2 + escapedBytes(s, i, s.length);
}

/** Bytes of a non-container; -1 when JSON.stringify would drop it from an object (undefined, function, symbol). */
function leafBytes(v: unknown): number {
  switch (typeof v) {
    case 'string': return stringBytes(v);
    case 'number': return Number.isFinite(v) ? String(v).length : 4; // NaN and ±Infinity become null
    case 'boolean': return v ? 4 : 5;
    case 'bigint': return String(v).length; // stringify throws; count the digits anyway
    case 'object': return 4; // null
    default: return -1;
  }
}

/** Approximate UTF-8 JSON size of a value, without JSON.stringify (iterative). Exact for JSON.parse output. */
export function approxJsonBytes(value: unknown): number {
  if (!isContainer(value)) return Math.max(0, leafBytes(value));
  let total = 0;
  const stack: Container[] = [value];
  while (stack.length > 0) {
    const node = stack.pop() as Container;
    if (Array.isArray(node)) {
      total += node.length > 0 ? node.length + 1 : 2; // brackets and commas
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (isContainer(v)) stack.push(v);
        else {
          const leaf = leafBytes(v);
          total += leaf < 0 ? 4 : leaf; // undefined/function become null in arrays
        }
      }
      continue;
    }
    const keys = Object.keys(node);
    let n = 0;
    for (let k = 0; k < keys.length; k++) {
      const v: unknown = node[keys[k]];
      let leaf = 0;
      if (isContainer(v)) stack.push(v);
      else if ((leaf = leafBytes(v)) < 0) continue;
      n++;
      total += stringBytes(keys[k]) + 1 + leaf;
    }
    total += n > 0 ? n + 1 : 2; // braces and commas
  }
  return total;
}

const MIN_CAP = 64; // the shortest a string is cut to before the whole payload is replaced
const SLACK = 48; // cut only strings longer than cap + SLACK: the part cut off (> 48 bytes) always outweighs the suffix (<= 41)
const STEP = 64; // spacing of the prefix-cost checkpoints kept for strings that are not plain ASCII

interface Candidate {
  holder: number;
  key: string | number;
  s: string;
  cost: number;
  suffixBound: number;
  checkpoints: Uint32Array | null;
}

/** Cut point for a cap: never between the halves of a surrogate pair. */
function cutIndex(s: string, cap: number): number {
  return isHigh(s.charCodeAt(cap - 1)) && isLow(s.charCodeAt(cap)) ? cap - 1 : cap;
}

function prefixBytes(c: Candidate, end: number): number {
  if (c.checkpoints === null) return end;
  const base = end - (end % STEP);
  return c.checkpoints[base / STEP] + escapedBytes(c.s, base, end);
}

function candidate(holder: number, key: string | number, s: string): Candidate {
  let cost = s.length + 2;
  let checkpoints: Uint32Array | null = null;
  if (NOT_PLAIN.test(s)) {
    // One pass gives both the checkpoints and the total.
    checkpoints = new Uint32Array(Math.floor(s.length / STEP) + 1);
    for (let j = 1; j < checkpoints.length; j++) checkpoints[j] = checkpoints[j - 1] + escapedBytes(s, (j - 1) * STEP, j * STEP);
    const last = checkpoints.length - 1;
    cost = 2 + checkpoints[last] + escapedBytes(s, last * STEP, s.length);
  }
  // The removed part is at most 3 bytes per unit, so this suffix is at least as long as the real one.
  return { holder, key, s, cost, suffixBound: stringBytes(truncationSuffix(3 * s.length)) - 2, checkpoints };
}

/** Walks the value once, remembering every container's parent (for copy-on-write) and every string long enough to cut. */
function collect(root: Container) {
  const nodes: Container[] = [root];
  const parent: number[] = [-1];
  const slot: (string | number)[] = [''];
  const found: Candidate[] = [];
  const stack: number[] = [0];
  const visit = (holder: number, key: string | number, v: unknown) => {
    if (typeof v === 'string') {
      if (v.length > MIN_CAP + SLACK) found.push(candidate(holder, key, v));
    } else if (isContainer(v)) {
      stack.push(nodes.length);
      nodes.push(v);
      parent.push(holder);
      slot.push(key);
    }
  };
  while (stack.length > 0) {
    const idx = stack.pop() as number;
    const node = nodes[idx];
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) visit(idx, i, node[i]);
    else for (const key of Object.keys(node)) visit(idx, key, node[key]);
  }
  found.sort((a, b) => b.s.length - a.s.length);
  return { nodes, parent, slot, found };
}

/** A copy of `value` whose JSON is at most `maxBytes`: the longest strings are truncated first. */
export function boundSize(value: Record<string, unknown>, maxBytes: number): SizeBound {
  const limit = Number.isNaN(maxBytes) ? 0 : Math.max(0, Math.floor(maxBytes));
  const original = approxJsonBytes(value);
  if (original <= limit) return { value, fields_truncated: 0, original_bytes: original, bytes: original };
  if (!isContainer(value)) return oversize({}, original, limit);
  const { nodes, parent, slot, found } = collect(value);
  if (found.length === 0) return oversize(value, original, limit);

  // Water-fill: every string longer than cap + SLACK is cut to `cap` units. The total only grows with
  // the cap, so binary-search the largest cap that fits.
  const totalAt = (cap: number): number => {
    let total = original;
    for (const c of found) {
      if (c.s.length <= cap + SLACK) break;
      total -= c.cost - (2 + prefixBytes(c, cutIndex(c.s, cap)) + c.suffixBound);
    }
    return total;
  };
  let lo = MIN_CAP;
  let hi = found[0].s.length - SLACK - 1;
  if (totalAt(lo) > limit) return oversize(value, original, limit);
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (totalAt(mid) <= limit) lo = mid;
    else hi = mid - 1;
  }

  const clones: Container[] = [];
  const cloneOf = (idx: number): Container => {
    const chain: number[] = [];
    for (let i = idx; i >= 0 && clones[i] === undefined; i = parent[i]) chain.push(i);
    for (let j = chain.length - 1; j >= 0; j--) {
      const i = chain[j];
      const n = nodes[i];
      clones[i] = Array.isArray(n) ? n.slice() : { ...n };
      if (parent[i] >= 0) setOwn(clones[parent[i]], slot[i], clones[i]);
    }
    return clones[idx];
  };
  let bytes = original;
  let cuts = 0;
  for (const c of found) {
    if (c.s.length <= lo + SLACK) break;
    const end = cutIndex(c.s, lo);
    const suffix = truncationSuffix(Buffer.byteLength(c.s) - Buffer.byteLength(c.s.slice(0, end)));
    setOwn(cloneOf(c.holder), c.key, c.s.slice(0, end) + suffix);
    bytes -= c.cost - (prefixBytes(c, end) + stringBytes(suffix));
    cuts++;
  }
  return { value: clones[0] as Record<string, unknown>, fields_truncated: cuts, original_bytes: original, bytes };
}

/**
 * The last resort: a note plus the top-level scalars short enough to identify the hook (event name,
 * tool, session, cwd), as many as fit. fields_truncated counts the top-level fields left out.
 */
function oversize(value: object, original: number, limit: number): SizeBound {
  const out: Record<string, unknown> = { [OVERSIZE_KEY]: `payload of ${original} bytes exceeded the limit of ${limit} bytes` };
  let bytes = approxJsonBytes(out);
  const keys = Object.keys(value);
  if (bytes > limit) return { value: {}, fields_truncated: keys.length, original_bytes: original, bytes: 2 };
  let dropped = 0;
  for (const key of keys) {
    const v: unknown = (value as Record<string, unknown>)[key];
    const short = typeof v === 'string' ? v.length < 256 : typeof v === 'number' || typeof v === 'boolean';
    const add = short ? 1 + stringBytes(key) + 1 + leafBytes(v) : 0;
    if (!short || key === OVERSIZE_KEY || key === '__proto__' || bytes + add > limit) {
      dropped++;
      continue;
    }
    out[key] = v;
    bytes += add;
  }
  return { value: out, fields_truncated: dropped, original_bytes: original, bytes };
}
