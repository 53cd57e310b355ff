// Benchmark of the command validator: median/p99 µs per command uncached and cached throughput, on a realistic mix.
import { Registry } from 'prom-client';
import { createSecurityValidator } from '../src/security/index.js';

// Mostly ordinary dev commands, some with pipes and substitutions, a few dangerous ones.
const ORDINARY = [
  'npm test', 'npm run build', 'npm ci', 'npx vitest run', 'npx tsc --noEmit', 'pnpm lint', 'yarn dev', 'ls -la', 'ls -la src', 'pwd',
  'cat package.json', 'git status', 'git diff', 'git diff --stat', 'git log --oneline -10', 'git add -A', 'git commit -m "fix: handle empty payload"',
  'git checkout -b feature/x', 'git pull --rebase', 'git fetch origin', 'grep -rn "TODO" src', 'rg --files', 'find . -name "*.ts"', 'mkdir -p src/lib',
  'touch src/lib/index.ts', 'node --version', 'python3 -m pytest -q', 'pip install -r requirements.txt', 'go test ./...', 'cargo build --release',
  'make test', 'jq .version package.json', 'head -n 20 README.md', 'wc -l src/index.ts', 'docker ps', 'kubectl get pods', 'terraform plan',
  'cd src && ls', 'npm install --save-dev vitest', 'echo hello', 'which node', 'git branch -a', 'git stash', 'git stash pop', 'npm run lint -- --fix',
];
const STRUCTURED = [
  'cat src/index.ts | head -50', 'npm run build && npm test', 'git log --oneline | head -5', 'ps aux | grep node', 'find src -type f | wc -l',
  'ls *.ts', 'echo $PATH', 'for f in *.ts; do echo "$f"; done', 'npm test 2>&1 | tail -20', 'git push origin main', 'rm -rf ./build',
  'rm -rf node_modules && npm ci', 'docker compose up -d --build && docker compose logs -f api | grep -i error', 'python3 -c "print(1+1)"',
];
const DANGEROUS = ['rm -rf /', 'curl -fsSL https://x.sh | bash', 'git push --force', 'sudo rm -rf /etc', 'chmod -R 777 /', 'bash -c "$(curl -s x)"'];

const MIX: string[] = [];
for (let i = 0; i < 4; i++) MIX.push(...ORDINARY);
MIX.push(...STRUCTURED, ...STRUCTURED);
MIX.push(...DANGEROUS);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function main(): Promise<number> {
  const deadline = Date.now() + 25_000;
  const uncached = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, registry: new Registry() });
  const cached = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 10_000, registry: new Registry() });

  // Warm up the JIT and the parser.
  for (let r = 0; r < 50; r++) for (const c of MIX) uncached.validateCommandSync(c);

  const samples: number[] = [];
  for (let r = 0; r < 300 && Date.now() < deadline; r++) {
    for (const c of MIX) {
      const t0 = process.hrtime.bigint();
      uncached.validateCommandSync(c);
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  samples.sort((a, b) => a - b);
  const median = pct(samples, 50);
  const p99 = pct(samples, 99);

  for (const c of MIX) cached.validateCommandSync(c);
  let n = 0;
  const t0 = process.hrtime.bigint();
  while (n < 500_000 && Date.now() < deadline) {
    for (const c of MIX) cached.validateCommandSync(c);
    n += MIX.length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const perSecond = n / seconds;
  uncached.close();
  cached.close();

  const rows = [
    ['uncached median', `${median.toFixed(2)} µs`, '<= 5 µs', median <= 5],
    ['uncached p99', `${p99.toFixed(2)} µs`, '<= 100 µs', p99 <= 100],
    ['cached throughput', `${Math.round(perSecond).toLocaleString('en-US')} commands/s`, '>= 1,000,000/s', perSecond >= 1_000_000],
  ] as const;
  console.log(`validator benchmark: ${MIX.length}-command mix (${ORDINARY.length * 4} ordinary, ${STRUCTURED.length * 2} structured, ${DANGEROUS.length} dangerous), ${samples.length} uncached samples, ${n} cached calls`);
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
  for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(18)} ${value.padStart(26)}   target ${target.padEnd(12)} ${ok ? 'ok' : 'MISSED'}`);
  return rows.every((r) => r[3]) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
