// Secrets managers: Vault, 1Password, Bitwarden, Doppler, Infisical, pass, the macOS keychain. Deleting secrets locks people out.
import { cliPack } from './cli.js';
import type { RulePack } from './rule.js';

export const secretManagersPack: RulePack = cliPack('vault', [
  {
    commands: ['vault', 'bao'],
    rules: [
      { rule: 'vault.engine-disable', verbs: ['secrets', 'disable'], risk: 'CRITICAL', reason: 'Blocked vault secrets disable: unmounting a secrets engine deletes every secret stored in it.' },
      { rule: 'vault.auth-disable', verbs: ['auth|audit', 'disable'], risk: 'HIGH', reason: 'vault auth/audit disable removes an auth method (revoking its tokens) or an audit log.' },
      { rule: 'vault.secret-destroy', verbs: ['kv', 'metadata', 'delete'], risk: 'HIGH', reason: 'vault kv metadata delete destroys every version of the secret for good.' },
      { rule: 'vault.secret-destroy', verbs: ['kv', 'destroy'], risk: 'HIGH', reason: 'vault kv destroy destroys secret versions for good.' },
      { rule: 'vault.seal', verbs: ['operator', 'seal'], risk: 'HIGH', reason: 'vault operator seal stops Vault serving any secret until key holders unseal it.' },
      { rule: 'vault.revoke', verbs: ['lease', 'revoke'], flags: ['-prefix', '--prefix', '-prefix=true', '-force', '--force', '-force=true'], risk: 'HIGH', reason: 'vault lease revoke -prefix revokes every lease under the prefix at once.' },
      { rule: 'vault.cluster', verbs: ['operator', 'raft', 'remove-peer'], risk: 'HIGH', reason: 'vault operator raft remove-peer removes a node from the storage cluster.' },
      { rule: 'vault.delete', verbs: ['namespace', 'delete'], risk: 'HIGH', reason: 'vault namespace delete deletes a namespace with its secrets and policies.' },
      { rule: 'vault.delete', verbs: ['kv|policy|token|lease', 'delete|revoke'], risk: 'MEDIUM', reason: 'vault deletes a secret or policy, or revokes a token or lease.' },
      { rule: 'vault.delete', verbs: ['delete'], risk: 'MEDIUM', reason: 'vault delete deletes the data at the path.' },
    ],
  },
  {
    commands: ['op'],
    rules: [
      { rule: 'vault.delete', verbs: ['vault', 'delete|remove|rm'], risk: 'HIGH', reason: 'op vault delete deletes a 1Password vault with every item in it.' },
      { rule: 'vault.delete', verbs: ['item|document|user|group|connect|service-account', 'delete|remove|rm'], unless: ['--help', '--archive'], risk: 'MEDIUM', reason: 'op deletes a 1Password item, document or user for good.' },
    ],
  },
  {
    commands: ['bw'],
    rules: [
      { rule: 'vault.delete', verbs: ['delete'], flags: ['--permanent', '-p'], risk: 'HIGH', reason: 'bw delete --permanent deletes a Bitwarden item for good, skipping the trash.' },
      { rule: 'vault.delete', verbs: ['delete'], risk: 'MEDIUM', reason: 'bw delete deletes a Bitwarden item, folder or collection.' },
    ],
  },
  {
    commands: ['doppler'],
    rules: [
      { rule: 'vault.delete', verbs: ['projects|project|environments|environment|configs|config', 'delete'], risk: 'HIGH', reason: 'doppler deletes a project, environment or config with all its secrets.' },
      { rule: 'vault.delete', verbs: ['secrets|secret', 'delete'], risk: 'MEDIUM', reason: 'doppler secrets delete deletes secrets that running services may need.' },
    ],
  },
  { commands: ['infisical'], rules: [{ rule: 'vault.delete', verbs: ['secrets', 'delete'], risk: 'MEDIUM', reason: 'infisical secrets delete deletes secrets that running services may need.' }] },
  {
    commands: ['pass', 'gopass'],
    rules: [
      { rule: 'vault.delete', verbs: ['rm|remove|delete'], flags: ['-r', '--recursive'], risk: 'HIGH', reason: 'pass rm -r deletes a whole folder of passwords.' },
      { rule: 'vault.delete', verbs: ['rm|remove|delete'], risk: 'MEDIUM', reason: 'pass rm deletes a stored password.' },
    ],
  },
  {
    commands: ['security'],
    rules: [
      { rule: 'vault.delete', verbs: ['delete-keychain'], risk: 'HIGH', reason: 'security delete-keychain deletes a macOS keychain with every password in it.' },
      { rule: 'vault.delete', verbs: ['delete-generic-password|delete-internet-password|delete-certificate|delete-identity'], risk: 'MEDIUM', reason: 'security deletes a stored password or certificate from the keychain.' },
    ],
  },
]);
