// Secrets managers: unmounting engines, destroying secret versions, deleting vaults and items, sealing.
import { A, D, OK } from '../cases.js';
import type { Case } from '../cases.js';

export const CASES: Case[] = [
  ...D('vault.hashicorp', 'vault.engine-disable', 'vault secrets disable secret/', 'vault secrets disable kv-prod', 'VAULT_ADDR=https://v:8200 vault secrets disable -namespace=team transit/', 'bao secrets disable database/'),
  ...A('vault.hashicorp', 'vault.auth-disable', 'HIGH', 'vault auth disable userpass/', 'vault auth disable github', 'vault audit disable file/'),
  ...A('vault.hashicorp', 'vault.secret-destroy', 'HIGH', 'vault kv metadata delete secret/app/db', 'vault kv metadata delete -mount=secret app/api', 'vault kv destroy -versions=1,2,3 secret/app', 'vault kv destroy -mount=kv -versions=5 creds'),
  ...A('vault.hashicorp', 'vault.seal', 'HIGH', 'vault operator seal', 'vault operator seal -address=https://vault:8200'),
  ...A('vault.hashicorp', 'vault.revoke', 'HIGH', 'vault lease revoke -prefix aws/creds/', 'vault lease revoke -force -prefix database/creds/app'),
  ...A('vault.hashicorp', 'vault.cluster', 'HIGH', 'vault operator raft remove-peer node3'),
  ...A('vault.hashicorp', 'vault.delete', 'MEDIUM', 'vault kv delete secret/app/db', 'vault kv delete -mount=secret app/api', 'vault policy delete readonly', 'vault token revoke s.abc123', 'vault token revoke -mode=orphan s.x', 'vault lease revoke aws/creds/app/xyz', 'vault delete secret/legacy', 'vault delete sys/mounts/old'),
  ...OK('vault.hashicorp', 'vault status', 'vault secrets list', 'vault kv get secret/app/db', 'vault kv put secret/app/db user=app', 'vault kv metadata get secret/app', 'vault read sys/health', 'vault auth list', 'vault token lookup', 'vault operator unseal', 'vault lease lookup aws/creds/x', 'vault secrets enable -path=kv kv-v2', 'vault kv undelete -versions=2 secret/app'),
  ...A('vault.1password', 'vault.delete', 'HIGH', 'op vault delete Engineering', 'op vault delete "Old Vault"'),
  ...A('vault.1password', 'vault.delete', 'MEDIUM', 'op item delete "AWS prod"', 'op item delete jxxgw3ls2t3h4 --vault Private', 'op document delete contract.pdf', 'op user delete alice@acme.io'),
  ...OK('vault.1password', 'op item get "AWS prod" --fields password', 'op item list --vault Engineering', 'op vault list', 'op item delete "old note" --archive', 'op signin', 'op read op://Private/db/password'),
  ...A('vault.bitwarden', 'vault.delete', 'HIGH', 'bw delete item 7ac9cae8-5067-4faf-b6ab-acfd00e2c328 --permanent', 'bw delete item $ID -p'),
  ...A('vault.bitwarden', 'vault.delete', 'MEDIUM', 'bw delete item 7ac9cae8-5067-4faf-b6ab-acfd00e2c328', 'bw delete folder 1a2b', 'bw delete org-collection c1 --organizationid o1'),
  ...OK('vault.bitwarden', 'bw list items --search github', 'bw get password github.com', 'bw sync', 'bw unlock', 'bw restore item 7ac9'),
  ...A('vault.doppler', 'vault.delete', 'HIGH', 'doppler projects delete backend --yes', 'doppler environments delete stg -p backend', 'doppler configs delete prd_old -p api -y'),
  ...A('vault.doppler', 'vault.delete', 'MEDIUM', 'doppler secrets delete STRIPE_KEY -y', 'doppler secrets delete A B -p api -c prd', 'infisical secrets delete DB_PASSWORD --env=prod'),
  ...OK('vault.doppler', 'doppler secrets', 'doppler secrets get STRIPE_KEY --plain', 'doppler run -- npm start', 'doppler setup', 'infisical secrets', 'infisical run -- npm start', 'infisical secrets set A=1'),
  ...A('vault.pass', 'vault.delete', 'HIGH', 'pass rm -r work/', 'pass rm -rf email', 'gopass rm -r shared/team'),
  ...A('vault.pass', 'vault.delete', 'MEDIUM', 'pass rm github.com', 'gopass rm -f web/old'),
  ...OK('vault.pass', 'pass show github.com', 'pass ls', 'pass insert new/site', 'gopass list'),
  ...A('vault.keychain', 'vault.delete', 'HIGH', 'security delete-keychain ~/Library/Keychains/login.keychain-db', 'security delete-keychain build.keychain'),
  ...A('vault.keychain', 'vault.delete', 'MEDIUM', 'security delete-generic-password -s "MyApp" -a alice', 'security delete-internet-password -s github.com'),
  ...OK('vault.keychain', 'security find-generic-password -s MyApp -w', 'security list-keychains', 'security create-keychain -p "" build.keychain'),
];
