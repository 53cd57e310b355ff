// openapi.yaml is generated from the route schemas: it must be current and valid OpenAPI 3.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse } from 'yaml';
import { renderOpenApi } from '../scripts/openapi-render.js';

describe('openapi.yaml', () => {
  it('matches the route schemas (run `npm run openapi` when this fails)', async () => {
    const committed = await readFile(new URL('../openapi.yaml', import.meta.url), 'utf8');
    expect(committed).toBe(await renderOpenApi());
  });

  it('is a valid OpenAPI 3 document covering every route', async () => {
    const doc = parse(await readFile(new URL('../openapi.yaml', import.meta.url), 'utf8'));
    const api = (await SwaggerParser.validate(doc)) as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toMatch(/^3\./);
    for (const p of ['/hooks', '/hooks/batch', '/hooks/claude', '/hooks/events', '/health/hooks', '/health/live', '/health/ready', '/metrics']) {
      expect(Object.keys(api.paths)).toContain(p);
    }
  });
});
