// Which paths hold secrets or system configuration: shared by the shell rules and the file-tool rules.
import { classifyPath, homeAlias, isCriticalSystemFile, isSystemPath } from './paths.js';

const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/;
// Judged on the last path segment and the extension: one pattern anchored after every '/' took
// time quadratic in the number of slashes (16 KB of '/a' took 0.2 s).
const KEY_NAME = /^(id_(rsa|dsa|ecdsa|ed25519)(_sk)?|\.netrc|\.pgpass|\.npmrc|\.pypirc|\.git-credentials|credentials(\.json)?|secrets?\.(ya?ml|json|toml))$/;
const KEY_EXT = /\.(pem|key|p12|pfx|keystore|jks|kdbx)$/;

function isKeyFile(p: string): boolean {
  return KEY_EXT.test(p) || KEY_NAME.test(p.slice(p.lastIndexOf('/') + 1));
}

function isEnvFile(p: string): boolean {
  return ENV_FILE.test(p) && !ENV_TEMPLATE.test(p);
}

/** Files whose content is a secret: private keys, cloud credentials, .env files, /etc/shadow. */
export function isSecretPath(p: string): boolean {
  if (p.endsWith('.pub')) return false;
  return isEnvFile(p) || isKeyFile(p) || /^\/etc\/(shadow|gshadow|sudoers)/.test(p) || classifyPath(p) === 'home-secret';
}

export type FileRisk = { level: 'critical' | 'system' | 'secret' | 'config'; what: string } | null;

/** Classifies a file a tool would read or write. */
export function classifyFile(p: string): FileRisk {
  const h = homeAlias(p);
  if (isCriticalSystemFile(p) || /^\/etc\/sudoers/.test(p)) return { level: 'critical', what: 'a file that controls log-in, boot or sudo' };
  if (/^\/~\/\.ssh\//.test(h)) return { level: 'secret', what: 'an SSH key or configuration file' };
  if (isSecretPath(h)) return { level: 'secret', what: 'a file that holds secrets or credentials' };
  if (/^\/(etc|proc|sys)(\/|$)/.test(p) || isSystemPath(p)) return { level: 'system', what: 'a system file' };
  if (/^\/~\/\.(bashrc|bash_profile|profile|zshrc|zprofile|zshenv|config\/fish\/config\.fish|gitconfig)$/.test(h)) {
    return { level: 'config', what: 'a shell start-up or configuration file that runs on every log-in' };
  }
  return null;
}
