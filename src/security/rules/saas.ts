// SaaS and platform CLIs whose danger is a verb: GitHub/GitLab, Stripe, Cloudflare, Heroku, Vercel, Netlify, Fly, Firebase...
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { cliPack } from './cli.js';
import type { CliTool } from './cli.js';
import { requestMethod } from './http.js';
import { operands, q } from './rule.js';
import type { RulePack } from './rule.js';

const DEL = 'delete|remove|rm';

const TOOLS: readonly CliTool[] = [
  {
    commands: ['gh'],
    rules: [
      { rule: 'saas.repo-delete', verbs: ['repo', 'delete'], risk: 'CRITICAL', reason: 'Blocked gh repo delete: it deletes the repository with its issues, pull requests, releases and wiki.' },
      { rule: 'saas.repo-archive', verbs: ['repo', 'archive'], risk: 'MEDIUM', reason: 'gh repo archive makes the repository read-only for everyone.' },
      { rule: 'saas.delete', verbs: ['issue', 'delete'], risk: 'HIGH', reason: 'gh issue delete removes the issue and its discussion for good.' },
      { rule: 'saas.delete', verbs: ['release|secret|variable|label|gist|ssh-key|gpg-key|cache|run|project|codespace|deploy-key|ruleset|environment', 'delete|delete-asset'], risk: 'MEDIUM', reason: 'gh deletes a GitHub resource (a release, secret, variable, key, run, ...) for good.' },
    ],
  },
  {
    commands: ['glab'],
    rules: [
      { rule: 'saas.repo-delete', verbs: ['repo|project', 'delete'], risk: 'CRITICAL', reason: 'Blocked glab repo delete: it deletes the GitLab project with its issues, merge requests and pipelines.' },
      { rule: 'saas.repo-archive', verbs: ['repo', 'archive'], risk: 'MEDIUM', reason: 'glab repo archive makes the project read-only.' },
      { rule: 'saas.delete', verbs: ['issue|release|variable|label|snippet|ssh-key|gpg-key|deploy-key|schedule|cluster|token|ci|mr|incident', 'delete'], risk: 'MEDIUM', reason: 'glab deletes a GitLab resource for good.' },
    ],
  },
  {
    commands: ['stripe'],
    rules: [
      { rule: 'saas.stripe-delete', verbs: ['delete'], flags: ['--live'], risk: 'HIGH', reason: 'stripe ... delete --live deletes a live-mode object (a customer, product, webhook) for good.' },
      { rule: 'saas.stripe-delete', verbs: ['delete'], risk: 'MEDIUM', reason: 'stripe ... delete deletes a Stripe object.' },
    ],
  },
  {
    commands: ['wrangler'],
    rules: [
      { rule: 'saas.database-delete', verbs: ['d1', 'delete'], risk: 'CRITICAL', reason: 'Blocked wrangler d1 delete: it deletes a D1 database and all its data.' },
      { rule: 'saas.storage-delete', verbs: ['kv:namespace', 'delete'], risk: 'HIGH', reason: 'wrangler deletes a KV namespace and every key in it.' },
      { rule: 'saas.storage-delete', verbs: ['kv', 'namespace', 'delete'], risk: 'HIGH', reason: 'wrangler deletes a KV namespace and every key in it.' },
      { rule: 'saas.storage-delete', verbs: ['r2', 'bucket', 'delete'], risk: 'HIGH', reason: 'wrangler r2 bucket delete deletes an R2 bucket.' },
      { rule: 'saas.storage-delete', verbs: ['kv:bulk|bulk', 'delete'], risk: 'HIGH', reason: 'wrangler kv bulk delete deletes many keys at once.' },
      { rule: 'saas.delete', verbs: ['queues|vectorize|hyperdrive|project|secret|key|object|kv:key|versions|deployments|workflows|pipelines', 'delete'], risk: 'MEDIUM', reason: 'wrangler deletes a Cloudflare resource.' },
      { rule: 'saas.app-delete', verbs: ['delete'], risk: 'HIGH', reason: 'wrangler delete removes a deployed Worker and its routes.' },
    ],
  },
  {
    commands: ['heroku'],
    rules: [
      { rule: 'saas.database-reset', verbs: ['pg:reset'], risk: 'CRITICAL', reason: 'Blocked heroku pg:reset: it erases every table of the database.' },
      { rule: 'saas.app-delete', verbs: ['apps:destroy|destroy|apps:delete'], risk: 'CRITICAL', reason: 'Blocked heroku apps:destroy: it deletes the app with its add-ons and their databases.' },
      { rule: 'saas.storage-delete', verbs: ['addons:destroy|addons:remove'], risk: 'HIGH', reason: 'heroku addons:destroy deletes an add-on (a database, cache, queue) and its data.' },
      { rule: 'saas.backup-delete', verbs: ['pg:backups:delete'], risk: 'MEDIUM', reason: 'heroku pg:backups:delete deletes a database backup.' },
    ],
  },
  {
    commands: ['vercel', 'vc'],
    rules: [
      { rule: 'saas.app-delete', verbs: ['project|projects', DEL], risk: 'HIGH', reason: 'vercel project rm deletes a project with its deployments and settings.' },
      { rule: 'saas.delete', verbs: ['env|domains|domain|dns|alias|certs|cert|secrets|integration|blob', DEL], risk: 'MEDIUM', reason: 'vercel removes an environment variable, domain, DNS record, alias or certificate.' },
      { rule: 'saas.app-delete', verbs: [DEL], risk: 'HIGH', reason: 'vercel rm removes deployments (or a whole project) for good.' },
    ],
  },
  {
    commands: ['netlify', 'ntl'],
    rules: [
      { rule: 'saas.app-delete', verbs: ['sites:delete'], risk: 'HIGH', reason: 'netlify sites:delete deletes a site and its deploys.' },
      { rule: 'saas.delete', verbs: ['env:unset|env:delete|blobs:delete'], risk: 'MEDIUM', reason: 'netlify removes an environment variable or stored blobs.' },
    ],
  },
  {
    commands: ['fly', 'flyctl'],
    rules: [
      { rule: 'saas.storage-delete', verbs: ['volumes|volume|vol', 'destroy|delete|rm|remove'], risk: 'HIGH', reason: 'fly volumes destroy deletes a volume and the data on it.' },
      { rule: 'saas.app-delete', verbs: ['apps|app', 'destroy|delete|remove|rm'], risk: 'HIGH', reason: 'fly apps destroy deletes the app, its machines and volumes.' },
      { rule: 'saas.delete', verbs: ['machine|machines|m|certs|secrets|ips|postgres|pg|redis|tigris|storage|mysql', 'destroy|delete|rm|remove|unset|release'], risk: 'MEDIUM', reason: 'fly removes a machine, certificate, secret, address or attached database.' },
      { rule: 'saas.app-delete', verbs: ['destroy'], risk: 'HIGH', reason: 'fly destroy deletes the app, its machines and volumes.' },
    ],
  },
  {
    commands: ['circleci'],
    rules: [{ rule: 'saas.delete', verbs: ['context|namespace|orb|project', 'delete|remove-secret|unpublish'], risk: 'MEDIUM', reason: 'circleci deletes a context (and its secrets) or unpublishes an orb.' }],
  },
  {
    commands: ['firebase'],
    rules: [
      { rule: 'saas.database-delete', verbs: ['firestore:delete'], flags: ['--all-collections'], risk: 'CRITICAL', reason: 'Blocked firebase firestore:delete --all-collections: it deletes every document of the database.' },
      { rule: 'saas.database-delete', verbs: [/^database:(remove|set)$/, /^\/*$/], risk: 'CRITICAL', reason: 'Blocked a firebase write to the root of the Realtime Database: it deletes or replaces all its data.' },
      { rule: 'saas.database-delete', verbs: ['firestore:databases:delete|database:instances:delete'], risk: 'CRITICAL', reason: 'Blocked firebase database delete: it deletes a whole database.' },
      { rule: 'saas.storage-delete', verbs: ['firestore:delete'], flags: ['--recursive', '-r'], risk: 'HIGH', reason: 'firebase firestore:delete -r deletes a document tree with all its sub-collections.' },
      { rule: 'saas.storage-delete', verbs: ['database:remove'], risk: 'HIGH', reason: 'firebase database:remove deletes the data under the path.' },
      { rule: 'saas.app-delete', verbs: ['hosting:disable|hosting:sites:delete|projects:delete'], risk: 'HIGH', reason: 'firebase takes a hosted site offline or deletes it.' },
      { rule: 'saas.delete', verbs: ['firestore:delete|functions:delete|ext:uninstall|apps:delete|hosting:channel:delete|auth:delete'], risk: 'MEDIUM', reason: 'firebase deletes documents, functions or extensions.' },
    ],
  },
  {
    commands: ['supabase'],
    rules: [
      { rule: 'saas.database-reset', verbs: ['db', 'reset'], flags: ['--linked', '--db-url'], risk: 'CRITICAL', reason: 'Blocked supabase db reset on a remote database: it drops and recreates every table.' },
      { rule: 'saas.app-delete', verbs: ['projects', 'delete'], risk: 'CRITICAL', reason: 'Blocked supabase projects delete: it deletes the project with its database and storage.' },
      { rule: 'saas.delete', verbs: ['branches|functions|secrets|orgs|sso|domains|vanity-subdomains|storage', 'delete|unset|rm'], risk: 'MEDIUM', reason: 'supabase deletes a branch, function, secret or stored objects.' },
    ],
  },
  {
    commands: ['railway'],
    rules: [
      { rule: 'saas.storage-delete', verbs: ['volume', 'delete'], risk: 'HIGH', reason: 'railway volume delete deletes a volume and the data on it.' },
      { rule: 'saas.delete', verbs: ['down'], risk: 'MEDIUM', reason: 'railway down removes the latest deployment of the service.' },
    ],
  },
  {
    commands: ['sentry-cli'],
    rules: [{ rule: 'saas.delete', verbs: ['releases', 'delete'], risk: 'MEDIUM', reason: 'sentry-cli releases delete deletes a release and its artifacts.' }],
  },
  {
    commands: ['apigeecli'],
    rules: [{ rule: 'saas.delete', verbs: ['delete|undeploy|deleterev'], risk: 'MEDIUM', reason: 'apigeecli deletes or undeploys an Apigee resource.' }],
  },
];

/** gh/glab api with DELETE: a whole repository is as bad as `repo delete`, anything else needs a look. */
function api(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const ops = operands(cmd.argv);
  if (ops[0] !== 'api' || requestMethod(cmd.argv, '--method', false) !== 'DELETE') return;
  const endpoint = ops.slice(1).find((o) => o !== 'DELETE' && o !== 'delete') ?? '';
  const path = endpoint.replace(/^https?:\/\/[^/]+/, '').replace(/^\/+|\/+$/g, '');
  if (/^(repos\/[^/]+\/[^/]+|projects\/[^/]+|orgs\/[^/]+|groups\/[^/]+)$/.test(path)) {
    out.push(finding('saas.repo-delete', 'CRITICAL', `Blocked ${cmd.name} api DELETE ${q(path)}: it deletes a whole repository or organization.`, cmd));
  } else {
    out.push(finding('saas.api-delete', 'MEDIUM', `${cmd.name} api sends a DELETE to ${q(path || 'an endpoint')}, which deletes that resource.`, cmd));
  }
}

const verbs = cliPack('saas', TOOLS);

export const saasPack: RulePack = {
  name: 'saas',
  keywords: [...verbs.keywords, '-xdelete'],
  rules: [...verbs.rules, { commands: ['gh', 'glab'], nameIsKeyword: false, check: api }],
};
