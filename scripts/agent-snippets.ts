// `npm run snippets`: rewrites the README's per-agent set-up snippets from the dialect table (a test fails when they are stale).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderReadme } from './agent-snippets-render.js';

const target = fileURLToPath(new URL('../README.md', import.meta.url));
await writeFile(target, renderReadme(await readFile(target, 'utf8')));
process.stdout.write(`wrote ${target}\n`);
