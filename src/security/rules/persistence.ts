// Persistence: code planted to run later (shell start-up files, cron, enabled services, launchd, sudoers, git hooks and aliases).
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { normPath } from '../paths.js';
import { startupKind } from '../secrets.js';
import { cliPack } from './cli.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

/** Writing a file that runs at every log-in or boot: asked, whatever is written (the finding of any write to it). */
export function startupWriteFinding(path: string, target: string, cmd: SimpleCommand | string, how: string): SecurityFinding | null {
  const kind = startupKind(path);
  if (kind === null) return null;
  const what = kind === 'shell-rc' ? 'a shell start-up file that runs on every log-in or new shell' : 'a file that starts programs at log-in, on a schedule or at boot';
  return finding(`persistence.${kind}`, 'HIGH', `${how[0].toUpperCase() + how.slice(1)} ${q(target)} changes ${what}.`, cmd);
}

const DOWNLOADER = /\b(curl|wget|fetch|iwr|Invoke-WebRequest)\b/;
const RUN_AFTER_DOWNLOAD = /\|\s*(sudo\s+)?(env\s+)?(ba|z|da|k|fi)?sh\b|\|\s*(python\d?|perl|ruby|node)\b|\|\s*(source|\.)\s|\|\s*iex\b/;
const RUN_DOWNLOADED = /(\$\(|<\(|`)\s*(curl|wget)\b/;
const REVERSE_SHELL = /\/dev\/(tcp|udp)\/|\b(nc|ncat|netcat)\b[^\n|;]*\s-[a-z]*[ec]\b|\bsocat\b[^\n]*\b(exec|system):/i;
const PRELOAD = /\b(LD_PRELOAD|DYLD_INSERT_LIBRARIES)\s*=/;
const CREDENTIAL_TRAP = /\balias\s+(sudo|su|ssh|passwd|doas)=|\b(function\s+)?(sudo|su|ssh|doas)\s*\(\s*\)\s*\{/;
// PATH whose first entry is the current directory, a relative directory or a world-writable one.
const PATH_HIJACK = /\bPATH=["']?(:|\.{1,2}(:|\/|["']|\s|$)|\/(tmp|var\/tmp|dev\/shm)(\/|:|\s|["']|$)|[A-Za-z_][\w.-]*(\/|:))/;

/** What about `text` (code that will run later) hijacks the machine, or null. */
function hijack(text: string): string | null {
  const dl = DOWNLOADER.exec(text);
  if ((dl !== null && RUN_AFTER_DOWNLOAD.test(text.slice(dl.index))) || RUN_DOWNLOADED.test(text)) return 'downloads code and runs it';
  if (REVERSE_SHELL.test(text)) return 'opens a shell to a remote host';
  if (PRELOAD.test(text)) return 'preloads a library into every program';
  if (CREDENTIAL_TRAP.test(text)) return 'replaces sudo/su/ssh to capture passwords';
  if (PATH_HIJACK.test(text)) return 'puts a writable or relative directory first in PATH';
  return null;
}

/** The text a command writes: its literal words (echo/printf), a heredoc, or what a literal echo/printf pipes in. */
function writtenText(cmd: SimpleCommand): string {
  let text = cmd.name === 'echo' || cmd.name === 'printf' ? cmd.argv.slice(1).join(' ') : '';
  if (cmd.stdinText !== undefined) text += '\n' + cmd.stdinText;
  for (const f of cmd.feeders) if (f.name === 'echo' || f.name === 'printf') text += '\n' + f.argv.slice(1).join(' ');
  return text;
}

function writesStartupCode(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const targets = cmd.redirects.filter((r) => r.op.includes('>') && !r.op.includes('&')).map((r) => r.target);
  if (cmd.name === 'tee') for (const t of operands(cmd.argv)) targets.push(t);
  const startup = targets.find((t) => {
    const p = normPath(t, cmd.cwd);
    return p !== null && startupKind(p) !== null;
  });
  if (startup === undefined) return;
  const why = hijack(writtenText(cmd));
  if (why !== null) out.push(finding('persistence.startup-hijack', 'CRITICAL', `Blocked writing code into ${q(startup)} that ${why}, on every log-in or boot.`, cmd));
}

function crontabCode(cmd: SimpleCommand, out: SecurityFinding[]): void {
  if (cmd.argv.slice(1).some((w) => /^-[a-zA-Z]*[lre]/.test(w))) return;
  const why = hijack(writtenText(cmd));
  if (why !== null) out.push(finding('persistence.cron-hijack', 'CRITICAL', `Blocked installing a cron job that ${why}, again and again.`, cmd));
}

// git config keys whose value runs commands or decides what is trusted.
interface ConfigSet {
  global: boolean;
  key: string;
  value: string;
}

const CONFIG_READ = /^(--get|--get-all|--get-regexp|--get-urlmatch|--list|-l|--unset|--unset-all|--remove-section|--rename-section|-e|--edit|--show-origin|--show-scope|--help|get|list|unset|remove-section|rename-section|edit)$/;

/** `git [-C x] config [--global] [set] key value`, or every `git -c key=value`. */
function configSets(argv: readonly string[]): ConfigSet[] {
  const sets: ConfigSet[] = [];
  let i = 1;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    if (argv[i] === '-c' && i + 1 < argv.length) {
      const [key, ...rest] = argv[++i].split('=');
      sets.push({ global: false, key: key.toLowerCase(), value: rest.join('=') });
    } else if (['-C', '--git-dir', '--work-tree', '--namespace', '--config-env'].includes(argv[i])) i++;
  }
  if (argv[i] !== 'config') return sets;
  const words = argv.slice(i + 1);
  if (words.some((w) => CONFIG_READ.test(w))) return sets;
  const global = words.some((w) => w === '--global' || w === '--system' || w === '-f' || w.startsWith('--file'));
  const ops = words.filter((w, k) => !w.startsWith('-') && words[k - 1] !== '-f' && words[k - 1] !== '--file');
  if (ops[0] === 'set') ops.shift();
  if (ops.length >= 2) sets.push({ global, key: ops[0].toLowerCase(), value: ops[1] });
  return sets;
}

function gitConfig(cmd: SimpleCommand, out: SecurityFinding[]): void {
  for (const { global, key, value } of configSets(cmd.argv)) {
    const off = /^(false|0|no|off)$/i.test(value);
    if (/^http\.(.+\.)?sslverify$/.test(key) && off) {
      out.push(finding('trust.git-tls', 'HIGH', 'git is told not to verify TLS certificates, so anyone on the network can serve it code.', cmd));
    } else if (key === 'safe.directory' && value === '*') {
      out.push(finding('trust.git-safe-directory', 'HIGH', 'safe.directory=* makes git trust repositories owned by anyone, and run their hooks and settings.', cmd));
    } else if (key === 'core.hookspath' && global) {
      out.push(finding('persistence.git-hooks', 'HIGH', `core.hooksPath ${q(value)} makes every git repository run the hooks found there.`, cmd));
    } else if (key === 'core.fsmonitor' && !/^(true|false|0|1|yes|no|on|off)?$/i.test(value)) {
      out.push(finding('persistence.git-hooks', 'HIGH', `core.fsmonitor ${q(value)} runs that command on every git status.`, cmd));
    } else if (key.startsWith('alias.') && value.startsWith('!') && global) {
      out.push(finding('persistence.git-alias', 'HIGH', `A global git alias ${q(key.slice(6))} runs the shell command ${q(value.slice(1))} whenever it is used.`, cmd));
    }
  }
}

const tools = cliPack('persistence', [
  {
    commands: ['systemctl'],
    rules: [{ rule: 'persistence.service-enable', verbs: [/^(enable|reenable)$/], risk: 'HIGH', reason: 'systemctl enable makes a service start at every boot.' }],
  },
  {
    commands: ['launchctl'],
    rules: [{ rule: 'persistence.launchd', verbs: [/^(load|bootstrap|enable|submit)$/], risk: 'HIGH', reason: 'launchctl loads a launch agent or daemon that starts at every log-in or boot.' }],
  },
  { commands: ['update-rc.d'], rules: [{ rule: 'persistence.service-enable', verbs: [/^(defaults|enable)$/], risk: 'HIGH', reason: 'update-rc.d makes a service start at every boot.' }] },
  {
    commands: ['chkconfig'],
    rules: [
      { rule: 'persistence.service-enable', verbs: [/^on$/], risk: 'HIGH', reason: 'chkconfig makes a service start at every boot.' },
      { rule: 'persistence.service-enable', verbs: [], flags: ['--add'], risk: 'HIGH', reason: 'chkconfig --add makes a service start at every boot.' },
    ],
  },
  { commands: ['rc-update'], rules: [{ rule: 'persistence.service-enable', verbs: [/^add$/], risk: 'HIGH', reason: 'rc-update add makes a service start at every boot.' }] },
  {
    commands: ['visudo'],
    rules: [{ rule: 'persistence.sudoers', verbs: [], unless: ['--help', '-h', '-c', '--check', '-V', '--version'], risk: 'HIGH', reason: 'visudo edits who may run what as root.' }],
  },
]);

export const persistencePack: RulePack = {
  name: 'persistence',
  // git config only matters for these keys; echo/printf/cat only with a redirect (which forces the parse anyway).
  keywords: [...tools.keywords, 'update-rc', 'hookspath', 'fsmonitor', 'sslverify', 'alias', 'safe'],
  rules: [
    // 'update-rc.d' as a name would also make the token 'd' a keyword: 'update-rc' above is enough.
    ...tools.rules.map((r) => (r.commands.includes('update-rc.d') ? { ...r, nameIsKeyword: false } : r)),
    { commands: ['echo', 'printf', 'cat', 'tee'], nameIsKeyword: false, check: writesStartupCode },
    { commands: ['crontab'], check: crontabCode },
    { commands: ['git'], nameIsKeyword: false, check: gitConfig },
  ],
};
