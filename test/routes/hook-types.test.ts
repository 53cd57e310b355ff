// GET /hooks/types: the service's own hook-type list with default priorities, read scope, in the OpenAPI document.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { useApp } from '../helpers/app.js';
import { HOOK_TYPES, defaultPriority } from '../../src/schemas/hook-types.js';

describe('GET /hooks/types', () => {
  const app = useApp();

  it('lists every accepted hook type, in order, with its default priority', async () => {
    const res = await app().inject({ url: '/hooks/types' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ hook_types: { name: string; priority: number }[] }>();
    expect(body.hook_types.map((t) => t.name)).toEqual([...HOOK_TYPES]);
    for (const t of body.hook_types) expect(t.priority, t.name).toBe(defaultPriority(t.name));
    expect(body.hook_types.find((t) => t.name === 'Error')?.priority).toBe(1);
    expect(body.hook_types.find((t) => t.name === 'PreToolUse')?.priority).toBe(3);
  });
});

describe('GET /hooks/types with tokens', () => {
  const app = useApp({ HOOK_READ_TOKENS: 'reader', HOOK_INGEST_TOKENS: 'agent' });

  it('needs a read token: none is 401, an ingest-only token 403', async () => {
    expect((await app().inject({ url: '/hooks/types' })).statusCode).toBe(401);
    expect((await app().inject({ url: '/hooks/types', headers: { authorization: 'Bearer agent' } })).statusCode).toBe(403);
    expect((await app().inject({ url: '/hooks/types', headers: { authorization: 'Bearer reader' } })).statusCode).toBe(200);
  });
});

describe('openapi.yaml', () => {
  it('documents /hooks/types', async () => {
    const doc = parse(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
      paths: Record<string, { get?: { tags?: string[] } }>;
    };
    expect(doc.paths['/hooks/types']?.get?.tags).toEqual(['events']);
  });
});
