// Micro-benchmark of the ingest sanitizers: µs per typical hook body, with JSON.parse/stringify beside them for scale.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRedactor } from '../src/pipeline/redact.js';
import { approxJsonBytes, boundSize, sanitizeJson } from '../src/json/sanitize.js';

const source = readFileSync(new URL('../src/pipeline/pipeline.ts', import.meta.url), 'utf8');
const base = {
  session_id: 'f0c3a9e2-5b7d-4c1e-9a8f-2d6b4e8c1a73',
  transcript_path: '/home/dev/.claude/projects/-home-dev-app/f0c3a9e2-5b7d-4c1e-9a8f-2d6b4e8c1a73.jsonl',
  cwd: '/home/dev/app',
  permission_mode: 'default',
};
/** PreToolUse of a Bash command (~0.4 KB), PostToolUse with its output (~2 KB), PostToolUse of a Read (~5 KB). */
const BODIES = {
  'pre-bash 0.4KB': {
    ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash',
    tool_input: { command: 'npm run build && npm test -- --reporter=dot', description: 'Build and test' },
  },
  'post-bash 2KB': {
    ...base, hook_event_name: 'PostToolUse', tool_name: 'Bash',
    tool_input: { command: 'ls -la src && git log --oneline -12', description: 'List sources and history' },
    tool_response: {
      stdout: Array.from({ length: 24 }, (_, i) => `-rw-r--r--  1 dev staff  ${1000 + i * 37} Mar 12 10:${10 + i} file-${i}.ts`).join('\n'),
      stderr: '', interrupted: false, isImage: false,
    },
  },
  'post-read 5KB': {
    ...base, hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: '/home/dev/app/src/pipeline/pipeline.ts' },
    tool_response: {
      type: 'text',
      file: { filePath: '/home/dev/app/src/pipeline/pipeline.ts', content: source.slice(0, 4500), numLines: 120, startLine: 1, totalLines: 200 },
    },
  },
};
const WITH_SECRET = structuredClone(BODIES['post-bash 2KB']);
WITH_SECRET.tool_input.command = 'curl -H "Authorization: Bearer Zk8f2LqP0xVb7NcR4tYw" https://api.example.com/v1/deploy';

/** Median and p99 µs per call, timed in batches so the timer's own cost stays out. */
function measure(fn: () => unknown, batch = 50, rounds = 400): { median: number; p99: number } {
  for (let i = 0; i < 2000; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p99: samples[Math.floor(samples.length * 0.99)] };
}

const redactor = createRedactor({ literals: ['hh_local_0123456789abcdef'] });
const rows: [string, () => unknown][] = [];
for (const [name, body] of Object.entries(BODIES)) {
  const text = JSON.stringify(body);
  rows.push([`JSON.parse        ${name}`, () => JSON.parse(text)]);
  rows.push([`JSON.stringify    ${name}`, () => JSON.stringify(body)]);
  rows.push([`sanitizeJson      ${name}`, () => sanitizeJson(body, 64)]);
  rows.push([`approxJsonBytes   ${name}`, () => approxJsonBytes(body)]);
  rows.push([`boundSize (fits)  ${name}`, () => boundSize(body, 1 << 20)]);
  rows.push([`redact (clean)    ${name}`, () => redactor.redact(body)]);
}
rows.push(['redact (1 secret) post-bash 2KB', () => redactor.redact(WITH_SECRET)]);
const big = { ...BODIES['post-read 5KB'], tool_response: { stdout: 'line of build output\n'.repeat(50_000) } };
rows.push(['boundSize 1MB→64KB (cuts)', () => boundSize(big, 65_536)]);

console.log(`sanitize benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
for (const [name, fn] of rows) {
  const heavy = name.startsWith('boundSize 1MB');
  const { median, p99 } = measure(fn, heavy ? 1 : 50, heavy ? 40 : 400);
  console.log(`${name.padEnd(40)} median ${median.toFixed(2).padStart(8)} µs   p99 ${p99.toFixed(2).padStart(8)} µs`);
}

// Worst cases: one call each, after one warm-up call.
const worst: [string, string][] = [
  ['10 MB of one letter', 'a'.repeat(10e6)],
  ['password= + 1e6 letters', 'password=' + 'a'.repeat(1e6)],
  ['eyJ + "a." x 1e5', 'eyJ' + 'a.'.repeat(1e5)],
  ['unterminated PEM headers x 3e4', '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(3e4)],
  ['10 MB, a secret every 16 bytes', 'password=abc123 '.repeat(6.25e5)],
];
for (const [name, s] of worst) {
  redactor.redact(s);
  const t0 = performance.now();
  redactor.redact(s);
  console.log(`redact worst case: ${name.padEnd(32)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
}
const deep: unknown[] = [];
let cur = deep;
for (let i = 0; i < 1_000_000; i++) cur.push((cur = []));
let t0 = performance.now();
sanitizeJson(deep, 64);
console.log(`sanitizeJson 1,000,000-deep array ${(performance.now() - t0).toFixed(1).padStart(23)} ms`);
t0 = performance.now();
approxJsonBytes(Array.from({ length: 1_000_000 }, (_, i) => ({ i, s: 'x' })));
console.log(`approxJsonBytes 1,000,000 objects (incl. building) ${(performance.now() - t0).toFixed(1).padStart(7)} ms`);
