// Which paths hold secrets or system configuration: shared by the shell rules and the file-tool rules.
import { classifyPath, homeAlias, isCriticalSystemFile, isSystemPath } from './paths.js';

const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/;
// Judged on the last path segment and the extension: one pattern anchored after every '/' took
// time quadratic in the number of slashes (16 KB of '/a' took 0.2 s).
const KEY_NAME = /^(id_(rsa|dsa|ecdsa|ed25519)(_sk)?|ssh_host_\w+_key|\.netrc|\.pgpass|\.npmrc|\.pypirc|\.git-credentials|\.vault-token|\.s3cfg|\.boto|\.htpasswd|credentials(\.json|\.tfrc\.json)?|secrets?\.(ya?ml|json|toml))$/;
// The environment of a process: every variable, tokens included.
const ENVIRON = /^\/proc\/[^/]+\/environ$/;
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
  return isEnvFile(p) || isKeyFile(p) || ENVIRON.test(p) || /^\/etc\/(shadow|gshadow|sudoers)/.test(p) || classifyPath(p) === 'home-secret';
}

// Files in a credentials directory that are not themselves secret.
const HOME_SECRET_PUBLIC = /\/(known_hosts|known_hosts2|config|authorized_keys2?|[^/]+\.pub)$/;

/** Private keys and credentials proper (not .env files, public keys or ~/.ssh/config): copying one out is a leak. */
export function isCredentialFile(p: string): boolean {
  if (p.endsWith('.pub') || isEnvFile(p)) return false;
  if (classifyPath(p) === 'home-secret') return !HOME_SECRET_PUBLIC.test(p);
  return isKeyFile(p) || ENVIRON.test(p) || /^\/etc\/(shadow|gshadow)$/.test(p);
}

const SHELL_RC =
  /^\/~\/\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc|config\/fish\/(config\.fish|conf\.d\/[^/]+))$|^\/etc\/(profile|bash\.bashrc|bashrc|zshrc|zprofile|zshenv|zsh\/[^/]+|environment|profile\.d\/[^/]+)$/;
const AUTOSTART =
  /^\/~\/(\.config\/(systemd\/user|autostart)(\/|$)|Library\/LaunchAgents(\/|$)|\.ssh\/rc$)|^\/(Library|System\/Library)\/Launch(Agents|Daemons)(\/|$)|^\/etc\/(systemd\/(system|user)|init\.d|init|rc\.local|rc\d\.d|cron\.(d|daily|hourly|weekly|monthly)|xdg\/autostart|update-motd\.d)(\/|$)|^\/var\/spool\/cron(\/|$)|^\/(usr\/)?lib\/systemd\/(system|user)(\/|$)/;

/** Files that run code at every log-in, shell start or boot: a shell start-up file, or an autostart location. */
export function startupKind(p: string): 'shell-rc' | 'autostart' | null {
  const h = homeAlias(p);
  if (SHELL_RC.test(h)) return 'shell-rc';
  return AUTOSTART.test(h) ? 'autostart' : null;
}

export type FileRisk = { level: 'critical' | 'system' | 'secret' | 'config'; what: string } | null;

/** Classifies a file a tool would read or write. */
export function classifyFile(p: string): FileRisk {
  const h = homeAlias(p);
  if (isCriticalSystemFile(p) || /^\/etc\/sudoers/.test(p)) return { level: 'critical', what: 'a file that controls log-in, boot or sudo' };
  if (/^\/~\/\.ssh\//.test(h)) return { level: 'secret', what: 'an SSH key or configuration file' };
  if (isSecretPath(h)) return { level: 'secret', what: 'a file that holds secrets or credentials' };
  if (/^\/(etc|proc|sys)(\/|$)/.test(p) || isSystemPath(p)) return { level: 'system', what: 'a system file' };
  if (startupKind(h) !== null || h === '/~/.gitconfig') {
    return { level: 'config', what: 'a shell start-up or configuration file that runs on every log-in' };
  }
  return null;
}
