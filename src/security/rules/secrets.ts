// Secret-reading rules: shell commands that print, copy or upload private keys, credentials and .env files.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { homeAlias, normPath } from '../paths.js';
import { isSecretPath } from '../secrets.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

// Options whose file is used to authenticate (`scp -i key`, `curl --cert c.pem --key k.pem`), not read out.
const AUTH_FILE_OPTS = new Set(['-i', '-E', '--cert', '--key', '--cacert', '--capath', '--proxy-cert', '--proxy-key', '--certificate', '--private-key', '--ca-certificate']);

function readsSecret(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const argv = cmd.argv.filter((_w, i) => !AUTH_FILE_OPTS.has(cmd.argv[i - 1]));
  for (const op of operands(argv)) {
    const word = op.startsWith('@') ? op.slice(1) : op;
    const p = normPath(word, cmd.cwd);
    if (p !== null && isSecretPath(homeAlias(p))) {
      out.push(finding('secrets.read', 'MEDIUM', `${cmd.name} reads ${q(word)}, which holds secrets or credentials.`, cmd));
      return;
    }
  }
}

export const secretsPack: RulePack = {
  name: 'secrets',
  // The rule fires only on secret-looking paths, so reading ordinary files never pays for the parse.
  keywords: ['env', 'ssh', 'aws', 'gnupg', 'kube', 'azure', 'docker', 'gcloud', 'password-store', 'netrc', 'pgpass', 'npmrc', 'pypirc', 'git-credentials', 'credentials', 'secret', 'secrets', 'shadow', 'gshadow', 'sudoers', 'pem', 'key', 'p12', 'pfx', 'keystore', 'jks', 'kdbx', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk', 'home', 'root', 'users', 'environ', 'vault-token', 's3cfg', 'boto', 'htpasswd'],
  rules: [
    {
      nameIsKeyword: false,
      commands: ['cat', 'less', 'more', 'head', 'tail', 'strings', 'base64', 'xxd', 'od', 'hexdump', 'scp', 'rsync', 'nc', 'curl', 'wget', 'gpg', 'bat', 'tac', 'nl'],
      check: readsSecret,
    },
  ],
};
