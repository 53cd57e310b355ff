// PLACEHOLDER until the sanitize branch lands: depth bound and prototype-key removal, iterative.
export interface SanitizeNotes {
  depth_truncated?: number;
  keys_removed?: number;
}

export const depthMarker = (maxDepth: number) => `[hookhive: truncated, nested deeper than ${maxDepth} levels]`;

export function sanitizeJson(value: unknown, maxDepth: number): SanitizeNotes {
  const notes: SanitizeNotes = {};
  const stack: [Record<string, unknown> | unknown[], number][] = [];
  if (value !== null && typeof value === 'object') stack.push([value as Record<string, unknown>, 0]);
  while (stack.length) {
    const [node, depth] = stack.pop() as [Record<string, unknown> | unknown[], number];
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const k of keys) {
      if (!Array.isArray(node) && (k === '__proto__' || (k === 'constructor' && isProtoHolder(node[k as string])))) {
        delete node[k as string];
        notes.keys_removed = (notes.keys_removed ?? 0) + 1;
        continue;
      }
      const child = (node as Record<string, unknown>)[k as string];
      if (child === null || typeof child !== 'object') continue;
      if (depth + 1 > maxDepth) {
        (node as Record<string, unknown>)[k as string] = depthMarker(maxDepth);
        notes.depth_truncated = (notes.depth_truncated ?? 0) + 1;
      } else stack.push([child as Record<string, unknown>, depth + 1]);
    }
  }
  return notes;
}

function isProtoHolder(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, 'prototype');
}

export interface SizeBound {
  value: Record<string, unknown>;
  fields_truncated: number;
  original_bytes: number;
  bytes: number;
}

export function approxJsonBytes(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

export function boundSize(value: Record<string, unknown>, maxBytes: number): SizeBound {
  const bytes = approxJsonBytes(value);
  if (bytes <= maxBytes) return { value, fields_truncated: 0, original_bytes: bytes, bytes };
  const v = { __hookhive_truncated__: `payload of ${bytes} bytes exceeded the limit of ${maxBytes} bytes` };
  return { value: v, fields_truncated: 1, original_bytes: bytes, bytes: approxJsonBytes(v) };
}
