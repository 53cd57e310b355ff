// `npm run openapi`: writes openapi.yaml from the route schemas (the test fails when it is stale).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from './openapi-render.js';

const target = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
await writeFile(target, await renderOpenApi());
process.stdout.write(`wrote ${target}\n`);
