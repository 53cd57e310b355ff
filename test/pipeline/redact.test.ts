// Unit tests of the secret redactor: each kind, hundreds of ordinary strings untouched, copy-on-write, bounded time.
import { describe, expect, it } from 'vitest';
import { createRedactor, redactionMarker as R } from '../../src/pipeline/redact.js';

// Fake credentials made here from a fixed seed: the right shape, nobody's secret.
let seed = 42;
function rand(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[(seed >>> 12) % alphabet.length]; // the low bits of this generator cycle quickly
  }
  return out;
}
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const b64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const redactor = createRedactor();
const redactString = (s: string) => redactor.redact(s).value as string;

describe('createRedactor: well-known secrets', () => {
  const aws = 'AKIA' + rand(16, UPPER_DIGITS);
  const awsSecret = rand(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
  const ghp = 'ghp_' + rand(36);
  const jwt = `eyJ${rand(30, b64url)}.eyJ${rand(60, b64url)}.${rand(43, b64url)}`;
  const cases: [string, string, string][] = [
    // [input, expected output, kind]
    [`export AWS_ACCESS_KEY_ID=${aws}`, `export AWS_ACCESS_KEY_ID=${R('aws-access-key')}`, 'aws-access-key'],
    ['ASIA' + rand(16, UPPER_DIGITS) + ' is the session key', `${R('aws-access-key')} is the session key`, 'aws-access-key'],
    [`export AWS_SECRET_ACCESS_KEY=${awsSecret}`, `export AWS_SECRET_ACCESS_KEY=${R('aws-secret')}`, 'aws-secret'],
    [`[default]\naws_secret_access_key = ${awsSecret}\nregion = eu-west-1`, `[default]\naws_secret_access_key = ${R('aws-secret')}\nregion = eu-west-1`, 'aws-secret'],
    [`git clone https://${ghp}@github.com/acme/app.git`, `git clone https://${R('github-token')}@github.com/acme/app.git`, 'github-token'],
    ...['gho_', 'ghu_', 'ghs_', 'ghr_'].map((p): [string, string, string] => [`GH=${p}${rand(36)}`, `GH=${R('github-token')}`, 'github-token']),
    [`github_pat_${rand(22)}_${rand(59)}`, R('github-token'), 'github-token'],
    [`glab auth login --token glpat-${rand(20, b64url.slice(0, 62))}`, `glab auth login --token ${R('gitlab-token')}`, 'gitlab-token'],
    [`//registry.npmjs.org/:_authToken=npm_${rand(36)}`, `//registry.npmjs.org/:_authToken=${R('npm-token')}`, 'npm-token'],
    [`SLACK_BOT_TOKEN=xoxb-${rand(12, '0123456789')}-${rand(13, '0123456789')}-${rand(24)}`, `SLACK_BOT_TOKEN=${R('slack-token')}`, 'slack-token'],
    [
      `curl -X POST https://hooks.slack.com/services/T${rand(8, UPPER_DIGITS)}/B${rand(8, UPPER_DIGITS)}/${rand(24)} -d '{}'`,
      `curl -X POST https://hooks.slack.com/services/${R('slack-webhook')} -d '{}'`,
      'slack-webhook',
    ],
    [`stripe.api_key = "sk_live_${rand(24)}"`, `stripe.api_key = "${R('stripe-key')}"`, 'stripe-key'],
    [`rk_live_${rand(24)}`, R('stripe-key'), 'stripe-key'],
    [`const key = 'AIza${rand(35, b64url)}';`, `const key = '${R('google-api-key')}';`, 'google-api-key'],
    [`OPENAI_API_KEY=sk-proj-${rand(48, b64url)}`, `OPENAI_API_KEY=${R('openai-key')}`, 'openai-key'],
    [`client = OpenAI(api_key="sk-${rand(20)}T3BlbkFJ${rand(20)}")`, `client = OpenAI(api_key="${R('openai-key')}")`, 'openai-key'],
    [`ANTHROPIC_API_KEY=sk-ant-api03-${rand(93, b64url)}AA claude`, `ANTHROPIC_API_KEY=${R('anthropic-key')} claude`, 'anthropic-key'],
    [`Cookie: session=${jwt}; Path=/`, `Cookie: session=${R('jwt')}; Path=/`, 'jwt'],
    [
      `before\n-----BEGIN RSA PRIVATE KEY-----\n${rand(64)}\n${rand(64)}\n-----END RSA PRIVATE KEY-----\nafter`,
      `before\n${R('private-key')}\nafter`,
      'private-key',
    ],
    [`-----BEGIN OPENSSH PRIVATE KEY-----\\n${rand(70)}\\n-----END OPENSSH PRIVATE KEY-----\\n`, `${R('private-key')}\\n`, 'private-key'],
    [`-----BEGIN PRIVATE KEY-----\n${rand(64)}\n${rand(20)}…[hookhive: truncated 900 bytes]`, `${R('private-key')}…[hookhive: truncated 900 bytes]`, 'private-key'],
    [`curl -H 'Authorization: Bearer ${rand(32)}' https://api.example.com/v1/me`, `curl -H 'Authorization: Bearer ${R('bearer')}' https://api.example.com/v1/me`, 'bearer'],
    [`curl -H "authorization: token ${rand(40)}" https://x`, `curl -H "authorization: token ${R('bearer')}" https://x`, 'bearer'],
    [`Authorization: Basic ${Buffer.from('admin:' + rand(12)).toString('base64')}`, `Authorization: Basic ${R('basic-auth')}`, 'basic-auth'],
    [`Bearer ${rand(40)}`, `Bearer ${R('bearer')}`, 'bearer'],
    ['psql postgres://app:Xk9-pw_2@db.internal:5432/app', `psql postgres://app:${R('url-password')}@db.internal:5432/app`, 'url-password'],
    ['redis-cli -u redis://:s3cr3t!@cache:6379/0', `redis-cli -u redis://:${R('url-password')}@cache:6379/0`, 'url-password'],
    ['mongodb+srv://ops:p@ss@w0rd@cluster0.example.net/db', `mongodb+srv://ops:${R('url-password')}@cluster0.example.net/db`, 'url-password'],
    ['mysql -u root --password=Tr0ub4dor db', `mysql -u root --password=${R('password')} db`, 'password'],
    ['mysql -u root --password Tr0ub4dor db', `mysql -u root --password ${R('password')} db`, 'password'],
    ['pg_dump --db-password "two words1" app', `pg_dump --db-password "${R('password')}" app`, 'password'],
    ['DB_PASSWORD=hunter2 npm start', `DB_PASSWORD=${R('password')} npm start`, 'password'],
    ["PGPASSWORD='a b c' psql", `PGPASSWORD='${R('password')}' psql`, 'password'],
    ['passwd=letmein99', `passwd=${R('password')}`, 'password'],
    ['https://api.example.com/callback?code=1&client_secret=abcDEF123&state=x', `https://api.example.com/callback?code=1&client_secret=${R('secret')}&state=x`, 'secret'],
    ['curl "https://x/api?api_key=0123abcd&page=2"', `curl "https://x/api?api_key=${R('api-key')}&page=2"`, 'api-key'],
    ['apikey=Zm9vYmFy', `apikey=${R('api-key')}`, 'api-key'],
    ['export SECRET_KEY=django-insecure-q9z', `export SECRET_KEY=${R('secret')}`, 'secret'],
    ['gh_token=Q2lvY2lv', `gh_token=${R('token')}`, 'token'],
    ['cli login --token Qx7-8yy', `cli login --token ${R('token')}`, 'token'],
    ['curl -d "{\\"username\\":\\"bob\\",\\"password\\":\\"hunter2\\"}" https://x/login', `curl -d "{\\"username\\":\\"bob\\",\\"password\\":\\"${R('password')}\\"}" https://x/login`, 'password'],
    ['{"api_key": "0123-4567", "n": 1}', `{"api_key": "${R('api-key')}", "n": 1}`, 'api-key'],
    ["creds = {'password': 'pa55word'}", `creds = {'password': '${R('password')}'}`, 'password'],
    ['db:\n  user: app\n  password: S3cure!pw\n', `db:\n  user: app\n  password: ${R('password')}\n`, 'password'],
    ['  - secret: "plain words"', `  - secret: "${R('secret')}"`, 'secret'],
    ["curl -H 'X-Api-Key: 9f8e7d6c' https://x", `curl -H 'X-Api-Key: ${R('api-key')}' https://x`, 'api-key'],
  ];

  it.each(cases)('%s', (input, expected, kind) => {
    const r = redactor.redact(input);
    expect(r.value).toBe(expected);
    expect(r.kinds).toEqual([kind]);
    expect(r.count).toBe((expected.match(/\[REDACTED:/g) ?? []).length);
  });

  it('redacts every secret of a string and reports each kind once, sorted', () => {
    const r = redactor.redact(`A=${aws} B=${ghp} C=${aws}`);
    expect(r.value).toBe(`A=${R('aws-access-key')} B=${R('github-token')} C=${R('aws-access-key')}`);
    expect(r).toMatchObject({ count: 3, kinds: ['aws-access-key', 'github-token'] });
  });

  it('gives an already redacted string back unchanged', () => {
    for (const [, expected] of cases) expect(redactor.redact(expected).count, expected).toBe(0);
  });

  it('redacts the service’s own tokens as literals, longest first, and ignores short ones', () => {
    const own = createRedactor({ literals: ['hh_0123456789', 'hh_0123456789abcdef', 'short'] });
    const r = own.redact({ a: 'x hh_0123456789abcdef y hh_0123456789 z', b: 'short stays' });
    expect(r.value).toEqual({ a: `x ${R('hookhive-token')} y ${R('hookhive-token')} z`, b: 'short stays' });
    expect(r).toMatchObject({ count: 2, kinds: ['hookhive-token'] });
  });
});

describe('createRedactor: ordinary text comes through untouched', () => {
  const uuid = () => `${rand(8, '0123456789abcdef')}-${rand(4, '0123456789abcdef')}-4${rand(3, '0123456789abcdef')}-a${rand(3, '0123456789abcdef')}-${rand(12, '0123456789abcdef')}`;
  const sha = () => rand(40, '0123456789abcdef');
  const safe: string[] = [
    // git, npm, docker, shells
    'git status', 'git diff --stat HEAD~3', 'git log --oneline -20', 'git commit -m "Add password reset email"', 'git commit -m "fix: token refresh race"',
    'git push -u origin feature/login-token-refresh', 'git clone git@github.com:acme/app.git', 'git clone https://github.com/acme/app.git',
    'git remote add upstream ssh://git@github.com/acme/app.git', 'git checkout -b sk-fix-login-redirect-loop-2024', 'git rebase -i HEAD~5',
    'npm ci', 'npm install --save-dev vitest', 'npm run build -- --watch', 'npm publish --access public', 'npm config get registry',
    'npm_config_registry=https://registry.npmjs.org/ npm ci', 'npx tsc --noEmit -p tsconfig.json', 'pnpm add -D @types/node', 'yarn workspaces foreach run test',
    'docker build -t acme/app:1.2.3 .', 'docker run --rm -p 8080:8080 -e NODE_ENV=production acme/app', 'docker compose up -d --build',
    'docker login -u ci --password-stdin ghcr.io', 'docker pull redis@sha256:' + rand(64, '0123456789abcdef'), 'kubectl get pods -n kube-system',
    'kubectl create secret generic db-creds --from-file=./creds', 'kubectl describe secret db-creds', 'helm upgrade --install app ./chart -f values.yaml',
    'terraform plan -out tfplan', 'aws s3 ls s3://acme-artifacts/', 'aws sts get-caller-identity', 'gcloud auth list', 'gh auth status', 'gh auth login --with-token < token.txt',
    'echo $GITHUB_TOKEN | gh auth login --with-token', 'export GITHUB_TOKEN=$(gh auth token)', 'export NPM_TOKEN=${NPM_TOKEN:-}', 'TOKEN_LIMIT=5 node bench.js',
    'PASSWORD_MIN_LENGTH=12 npm test', 'SECRET_NAME=my-app-secret ./deploy.sh', 'MAX_TOKENS=4096 python run.py', 'python password_reset.py --dry-run',
    'cli --token-file ~/.config/acme/token', 'cli --api-key-file ./key.txt', 'openai api chat.completions.create --max-tokens 4096', 'ssh-keygen -t ed25519 -C "me@example.com"',
    'openssl genrsa -out private.key 2048', 'openssl x509 -in cert.pem -noout -text', 'cat ~/.ssh/id_ed25519.pub', 'chmod 600 ~/.ssh/id_ed25519',
    'ls -la', 'ls -la src/pipeline', 'cd /home/dev/project && ls', 'grep -rn "password" src/', "grep -rn 'api_key' .", 'rg "secret:" config/', 'rg -i token src --type ts',
    "sed -i 's/password: .*/password: REDACTED/' config.yml", 'find . -name "*.pem" -not -path "./node_modules/*"', 'curl -s https://example.com/api?page=2&per_page=100',
    'curl -X POST https://api.example.com/oauth/token -d grant_type=client_credentials', 'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
    'curl -H "Authorization: Bearer ${API_TOKEN}" https://x', 'curl -H "Authorization: Bearer <token>" https://x', 'curl -u "$USER:$PASS" https://x',
    'psql postgres://localhost:5432/app', 'psql postgres://app@localhost/app', 'redis-cli -u redis://127.0.0.1:6379', 'DATABASE_URL=postgres://user:password@localhost/db',
    'mysql://root:@localhost/test', 'http://[::1]:8080/health', 'https://user@example.com/path', 'pip install scikit-learn tiktoken', 'python -m pytest -k "test_password_hash"',
    'go test ./... -run TestTokenBucket', 'cargo build --release', 'make deploy ENV=staging', 'tail -f /var/log/nginx/access.log', 'journalctl -u app --since "1 hour ago"',
    // code
    'const token = getToken();', 'const apiKey = process.env.API_KEY;', 'if (!password) throw new Error("password required");', 'if (token === undefined) return;',
    'password.length < 8', "localStorage.setItem('token', token);", 'expect(res.body.token).toBeDefined();', 'headers: { Authorization: `Bearer ${token}` },',
    'def check_password(password: str) -> bool:', 'def login(username: str, password: str) -> Token:', 'user = User(email=email, password=hashed)',
    'token = jwt.encode(payload, SECRET_KEY, algorithm="HS256")', 'SECRET_KEY = os.environ["SECRET_KEY"]', "app.config['SECRET_KEY'] = os.getenv('SECRET_KEY')",
    'password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())', 'hashed = hash_password(password=password)', 'client = Client(api_key=api_key, timeout=30)',
    'connect(host, user, password=None)', 'def connect(password=None, token=None):', 'self.token = token', 'token = self.token', 'password = request.form.get("password")',
    '  password: string;', '  token?: string;', '  apiKey: z.string().min(1),', '    password: str', '    token: Optional[str] = None', 'secret: true', 'password: ""',
    'token: ${{ secrets.GITHUB_TOKEN }}', 'password: ${DB_PASSWORD}', 'api_key: <your-api-key>', 'password: "********"', '"token": "string"', '"password": "********"',
    '"api_key": "<YOUR_API_KEY>"', '"token": ""', '"secret": null', '"max_tokens": 4096', '"tokenizer": "cl100k_base"', '"passwordless": true', '{"type": "password", "name": "pw"}',
    'for (const token of tokens) count += token.length;', 'tokens = tokenizer.encode(text)', 'const passwordInput = document.querySelector("#password");', 'validatePassword(input)',
    'api_key_id=12345', 'refresh_token_expires_in=3600', 'is_secret=true', 'token=', 'password=', 'password=$PASSWORD', 'token=${TOKEN}', 'api_key=xxx', 'password=***',
    'secret=<redacted>', 'token=your_token_here', 'password=changeme', 'secret=%SECRET%', 'password={{ vault_password }}', 'token == "abc"',
    // prose and output
    'Forgot your password?', 'Reset password link sent to your email', 'Passwords do not match', 'Token expired, please log in again', 'Bearer tokens expire after an hour',
    'Basic auth is disabled on this endpoint', 'Authorization header missing', 'Use the --password flag', 'The secret is to keep functions small.', 'Tokens used: 1532 in, 220 out',
    'PASS test/pipeline/sanitize.test.ts', 'Tests: 5 passed, 5 total', '✓ password reset sends email (12 ms)', 'npm ERR! code E404', 'Compiled successfully in 1.2s',
    'See https://docs.github.com/en/authentication/keeping-your-account-and-data-secure', 'The timezone is Asia/Tokyo', 'Use xoxb-your-token as the bot token in the docs',
    'The ghp_ prefix marks a classic token', 'sk-ant is the prefix Anthropic uses', 'eyJhbGciOiJIUzI1NiJ9 is the header alone', 'AKIAFAKE is too short to be a key',
    '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0C\n-----END PUBLIC KEY-----',
    '-----BEGIN PGP SIGNATURE-----', 'drwxr-xr-x  5 dev staff   160 Mar 12 10:11 secrets', '-rw-------  1 dev staff   411 Mar 12 10:11 id_ed25519',
    'integrity sha512-V4Uc238rhQOdQlc+Gz7JG6SGBtrWnWL8d/6RyiBeCMcNKMhF6DZ0KkAVHJSyNV5r4lA0PmIpZ6iRpTVoz4qjoA==', 'SGVsbG8gV29ybGQ=', 'eyJhIjoxfQ==',
    '/home/dev/.config/gcloud/application_default_credentials.json', 'C:\\Users\\dev\\AppData\\Roaming\\npm\\token-helper.cmd', './src/auth/token-store.ts',
  ];
  for (let i = 0; i < 60; i++) {
    safe.push(uuid(), sha(), `${rand(64, '0123456789abcdef')}  dist/app-${i}.tar.gz`, `commit ${sha()}\nAuthor: Dev <dev@example.com>`);
    safe.push(`docker run -d --name web-${i} -p ${3000 + i}:80 nginx:1.${i}`, `-rw-r--r--  1 dev staff  ${1000 + i * 37} Mar 12 10:${10 + (i % 50)} file-${i}.ts`);
    safe.push(Buffer.from(`hello ${i} world`).toString('base64'), `src/components/Button${i}.tsx:${i + 1}:7 - error TS2322`);
  }

  it(`leaves all ${safe.length} ordinary strings alone`, () => {
    expect(safe.length).toBeGreaterThan(600);
    const changed = safe.filter((s) => redactString(s) !== s).map((s) => `${s} → ${redactString(s)}`);
    expect(changed).toEqual([]);
  });

  it('returns the very same value when nothing matched', () => {
    const body = { tool_input: { command: 'git status' }, list: safe.slice(0, 50), n: 1, ok: true, none: null };
    const r = redactor.redact(body);
    expect(r.value).toBe(body);
    expect(r).toMatchObject({ count: 0, kinds: [] });
  });
});

describe('createRedactor: walking values', () => {
  it('copies only the changed path and never mutates the input', () => {
    const secret = 'ghp_' + rand(36);
    const body = { tool_input: { command: `git push https://${secret}@github.com/a/b` }, tool_response: { stdout: 'ok' }, tags: ['a', 'b'] };
    const before = JSON.stringify(body);
    const r = redactor.redact(body);
    const out = r.value as typeof body;
    expect(JSON.stringify(body)).toBe(before);
    expect(out.tool_input.command).toBe(`git push https://${R('github-token')}@github.com/a/b`);
    expect(out).not.toBe(body);
    expect(out.tool_input).not.toBe(body.tool_input);
    expect(out.tool_response).toBe(body.tool_response);
    expect(out.tags).toBe(body.tags);
  });

  it('walks arrays, keeps keys as they are and redacts a bare string value', () => {
    expect(redactor.redact(['x', { password: 'DB_PASSWORD=hunter2' }]).value).toEqual(['x', { password: `DB_PASSWORD=${R('password')}` }]);
    expect(redactor.redact('token=Abc12345').value).toBe(`token=${R('token')}`);
    for (const v of [null, 1, true, undefined, 'short']) expect(redactor.redact(v).value).toBe(v);
  });

  it('writes into an own __proto__ key as data, without changing any prototype', () => {
    const body = JSON.parse('{"__proto__": {"cmd": "export TOKEN=Abc12345"}, "a": 1}');
    const r = redactor.redact(body);
    const out = r.value as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ cmd: `export TOKEN=${R('token')}` });
    expect(r.count).toBe(1);
  });

  it('handles a 1,000,000-deep array, a million strings and lone surrogates without throwing', () => {
    const root: unknown[] = [];
    let cur = root;
    for (let i = 0; i < 1_000_000; i++) {
      const next: unknown[] = [];
      cur.push(next);
      cur = next;
    }
    cur.push('password=Hunter22');
    expect(redactor.redact(root).count).toBe(1);
    const many = Array.from({ length: 1_000_000 }, (_, i) => `line ${i} of output`);
    expect(redactor.redact(many).value).toBe(many);
    expect(redactor.redact('\ud800 token=Abc12345 \udfff').value).toBe(`\ud800 token=${R('token')} \udfff`);
  });
});

describe('createRedactor: bounded time', () => {
  const time = (s: string) => {
    const t = performance.now();
    redactor.redact(s);
    return performance.now() - t;
  };
  const line = 'INFO request served in 12ms path=/api/v1/items?page=2 token: expired user=bob@example.com https://example.com\n';
  const adversarial: [string, string][] = [
    ['10 MB of log text', line.repeat(Math.ceil(10e6 / line.length))],
    ['10 MB of one letter', 'a'.repeat(10e6)],
    ['password= and a million letters', 'password=' + 'a'.repeat(1e6)],
    ['eyJ then a. repeated', 'eyJ' + 'a.'.repeat(1e5)],
    ['eyJ repeated', 'eyJ'.repeat(3e5)],
    ['unterminated private keys', '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(3e4)],
    ['BEGIN repeated', '-----BEGIN'.repeat(1e5)],
    ['url without @', '://a:'.repeat(2e5)],
    ['url with one late @', 'x://a:b'.repeat(2e5) + '@'],
    ['unterminated quotes', 'password="'.repeat(1e5)],
    ['JSON keys without values', 'token\\":\\"'.repeat(1e5)],
    ['yaml keys', '\npassword: x1'.repeat(1e5)],
    ['option names', ' --' + 'a-'.repeat(5e5)],
    ['sk- and dashes', 'sk-' + '-'.repeat(1e6)],
    ['bearer headers', 'Authorization: Bearer '.repeat(5e4)],
    ['a long name before a key', 'a'.repeat(1e6) + 'password: x1'],
  ];
  it.each(adversarial)('%s', (_, s) => {
    time(s); // warm the regexes up so the assertion measures the steady state
    expect(time(s)).toBeLessThan(500);
  });
});
