// Trust changes: TLS verification turned off, plain-HTTP package indexes, CA certificates added, SELinux/AppArmor/SIP/Gatekeeper off.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack } from './cli.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

// A plain-HTTP URL to anything but this machine: whoever is on the network can swap the packages.
const PLAIN_HTTP = /^http:\/\/(?!(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)([:/]|$))/i;
const OFF = /^(false|0|no|off)$/i;

/** Environment variables that turn off certificate checks or trust a plain-HTTP source: [name, bad value]. */
const INSECURE_ENV: [RegExp, RegExp][] = [
  [/^NODE_TLS_REJECT_UNAUTHORIZED$/, /^0$/],
  [/^PYTHONHTTPSVERIFY$/, /^0$/],
  [/^GIT_SSL_NO_VERIFY$/, /./],
  [/^(NPM_CONFIG_STRICT_SSL|YARN_ENABLE_STRICT_SSL|CONDA_SSL_VERIFY)$/i, OFF],
  [/^(PIP_TRUSTED_HOST|UV_INSECURE_HOST|GOINSECURE|YARN_UNSAFE_HTTP_WHITELIST)$/, /./],
  [/^(PIP_INDEX_URL|PIP_EXTRA_INDEX_URL|UV_INDEX_URL|UV_EXTRA_INDEX_URL|NPM_CONFIG_REGISTRY)$/i, PLAIN_HTTP],
  [/^(CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE)$/, /^$/],
  [/^GOSUMDB$/, /^off$/],
  [/^GOFLAGS$/, /-insecure\b/],
];

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** `NAME=value` words a command sets for itself or exports: prefixes, `env`/`sudo`/`export` arguments, `go env -w`, `setenv`/fish `set -x`. */
function assignmentsOf(cmd: SimpleCommand): string[] {
  const a = cmd.argv;
  const words = cmd.assignments !== undefined ? cmd.assignments.slice() : [];
  switch (cmd.name) {
    case 'env':
    case 'sudo':
    case 'doas':
    case 'export':
    case 'declare':
    case 'typeset':
    case 'local':
    case 'readonly':
      for (const w of a.slice(1)) if (ASSIGN.test(w)) words.push(w);
      break;
    case 'go':
      if (a[1] === 'env' && a.includes('-w')) for (const w of a.slice(2)) if (ASSIGN.test(w)) words.push(w);
      break;
    case 'setenv':
      if (a.length >= 2) words.push(`${a[1]}=${a[2] ?? ''}`);
      break;
    case 'set': {
      const ops = operands(a);
      if (a.some((w) => /^-[a-zA-Z]*x/.test(w) || w === '--export') && ops.length >= 1) words.push(`${ops[0]}=${ops.slice(1).join(' ')}`);
      break;
    }
  }
  return words;
}

function insecureEnv(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (cmd.assignments === undefined && !/^(env|sudo|doas|export|declare|typeset|local|readonly|go|setenv|set)$/.test(cmd.name)) return;
  for (const w of assignmentsOf(cmd)) {
    const m = ASSIGN.exec(w);
    if (m === null) continue;
    const [, name, value] = m;
    if (INSECURE_ENV.some(([n, v]) => n.test(name) && v.test(value))) {
      out.push(finding('trust.insecure-env', 'HIGH', `${name}=${value} turns off certificate checks or trusts a plain-HTTP source, so anyone on the network can serve code.`, cmd));
      return;
    }
  }
}

/** The value of `--flag value` or `--flag=value` (also `-i value` and `-ivalue` for one-letter flags). */
function flagValues(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    for (const f of flags) {
      if (w === f && i + 1 < argv.length) out.push(argv[i + 1]);
      else if (f.startsWith('--') && w.startsWith(f + '=')) out.push(w.slice(f.length + 1));
      else if (f.length === 2 && w.startsWith(f) && w.length > 2 && !w.startsWith('--')) out.push(w.slice(2));
    }
  }
  return out;
}

/** `<tool> config set key value` (also `key=value`, `npm set`, `pip config --user set`, `conda config --set`). */
function configSet(argv: readonly string[]): [string, string] | null {
  let at = argv.findIndex((w, i) => i > 0 && (w === 'set' || w === '--set'));
  // poetry and composer set with `config key value`.
  if (at < 0 && /^(poetry|composer)$/.test(argv[0].slice(argv[0].lastIndexOf('/') + 1))) at = argv.indexOf('config');
  if (at < 0) return null;
  const ops = argv.slice(at + 1).filter((w) => !w.startsWith('-'));
  if (ops.length === 0) return null;
  const eq = ops[0].indexOf('=');
  return eq > 0 ? [ops[0].slice(0, eq).toLowerCase(), ops[0].slice(eq + 1)] : [ops[0].toLowerCase(), ops[1] ?? ''];
}

const INSECURE_SETTING: [RegExp, RegExp][] = [
  [/^(strict-ssl|strict_ssl|strictssl|enablestrictssl|ssl_verify|ssl-verify|sslverify|secure-http|certificates\..+\.cert)$/, OFF],
  [/^disable-tls$/, /^(true|1|yes|on)$/i],
  [/^((global|user|site|install)\.)?trusted-host$|^unsafehttpwhitelist$/, /./],
  [/^((global|user|site|install)\.)?(extra-)?index-url$|^(@[\w.-]+:)?registry$|^npmregistryserver$/, PLAIN_HTTP],
];

function packageTrust(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv;
  if (cmd.name.startsWith('python') && !(a.includes('-m') && a.includes('pip'))) return;
  const set = configSet(a);
  if (set !== null && INSECURE_SETTING.some(([k, v]) => k.test(set[0]) && v.test(set[1]))) {
    out.push(finding('trust.package-tls', 'HIGH', `${cmd.name} is configured with ${set[0]}=${set[1] === '' ? "''" : set[1]}: packages could come from anyone on the network.`, cmd));
    return;
  }
  const trusted = a.some((w) => w === '--trusted-host' || w.startsWith('--trusted-host=') || w === '--allow-insecure-host' || w.startsWith('--allow-insecure-host='));
  const strictOff = a.some((w) => w === '--no-strict-ssl' || /^--strict-ssl=(false|0)$/i.test(w)) || flagValues(a, ['--strict-ssl']).some((v) => OFF.test(v));
  const plain = flagValues(a, ['-i', '--index-url', '--extra-index-url', '--index', '--default-index', '--registry']).find((v) => PLAIN_HTTP.test(v));
  if (trusted || strictOff || plain !== undefined) {
    const what = plain !== undefined ? `installs from the plain-HTTP index ${q(plain)}` : 'skips certificate checks for a package index';
    out.push(finding('trust.package-tls', 'HIGH', `${cmd.name} ${what}: packages could come from anyone on the network.`, cmd));
  }
}

const tools = cliPack('trust', [
  { commands: ['setenforce'], rules: [{ rule: 'trust.selinux', verbs: [/^(0|permissive)$/i], risk: 'HIGH', reason: 'setenforce 0 turns SELinux enforcement off.' }] },
  { commands: ['csrutil'], rules: [{ rule: 'trust.sip', verbs: [/^disable$/], risk: 'HIGH', reason: 'csrutil disable turns off macOS System Integrity Protection.' }] },
  {
    commands: ['spctl'],
    rules: [{ rule: 'trust.gatekeeper', verbs: [], flags: ['--master-disable', '--global-disable', '--disable'], risk: 'HIGH', reason: 'spctl turns off Gatekeeper, so unsigned apps run without a check.' }],
  },
  {
    commands: ['aa-disable', 'aa-complain', 'aa-teardown'],
    rules: [{ rule: 'trust.apparmor', verbs: [], risk: 'HIGH', reason: 'This turns AppArmor confinement off for programs that rely on it.' }],
  },
  { commands: ['security'], rules: [{ rule: 'trust.ca-add', verbs: ['add-trusted-cert'], risk: 'HIGH', reason: 'security add-trusted-cert makes macOS trust a new certificate authority for every TLS connection.' }] },
  { commands: ['trust'], rules: [{ rule: 'trust.ca-add', verbs: ['anchor'], unless: ['--help', '--remove'], risk: 'HIGH', reason: 'trust anchor adds a certificate authority every TLS connection will trust.' }] },
  { commands: ['certutil'], rules: [{ rule: 'trust.ca-add', verbs: [], flags: ['-addstore', '-A'], risk: 'HIGH', reason: 'certutil adds a certificate to a trust store.' }] },
]);

export const trustPack: RulePack = {
  name: 'trust',
  keywords: [
    ...tools.keywords,
    'node_tls_reject_unauthorized', 'pythonhttpsverify', 'git_ssl_no_verify', 'npm_config_strict_ssl', 'yarn_enable_strict_ssl', 'conda_ssl_verify', 'pip_trusted_host', 'uv_insecure_host',
    'goinsecure', 'yarn_unsafe_http_whitelist', 'pip_index_url', 'pip_extra_index_url', 'uv_index_url', 'uv_extra_index_url', 'npm_config_registry', 'curl_ca_bundle', 'requests_ca_bundle', 'gosumdb', 'goflags',
    'strict-ssl', 'strict_ssl', 'strictssl', 'enablestrictssl', 'ssl_verify', 'ssl-verify', 'trusted-host', 'allow-insecure-host', 'unsafehttpwhitelist', 'secure-http', 'disable-tls', 'certificates',
  ],
  rules: [
    ...tools.rules,
    { commands: ['*'], nameIsKeyword: false, check: insecureEnv },
    { commands: ['npm', 'yarn', 'pnpm', 'pip', 'pip3', 'pip2', 'python', 'python3', 'uv', 'poetry', 'conda', 'mamba', 'composer'], nameIsKeyword: false, check: packageTrust },
  ],
};
