// Load balancers, CDNs and feature flags: deleting services and flags, purging whole caches, draining backends.
import { A, OK } from '../cases.js';
import type { Case } from '../cases.js';

export const CASES: Case[] = [
  ...A('edge.fastly', 'edge.service-delete', 'HIGH', 'fastly service delete --service-id SU1Z0isxPaozGVKXdv0eY --force', 'fastly service delete -s abc123'),
  ...A('edge.fastly', 'edge.purge-all', 'HIGH', 'fastly purge --all --service-id SU1Z0isxPaozGVKXdv0eY', 'fastly purge --all -s abc'),
  ...A('edge.fastly', 'edge.delete', 'MEDIUM', 'fastly backend delete --name origin --version latest --autoclone', 'fastly domain delete --name www.example.com --version 3', 'fastly dictionary delete --name flags --version active --autoclone'),
  ...OK('edge.fastly', 'fastly service list', 'fastly purge --url https://www.example.com/app.css', 'fastly purge --key product-42 -s abc', 'fastly compute publish', 'fastly backend list --version latest', 'fastly service describe -s abc'),
  ...A('edge.akamai', 'edge.purge', 'MEDIUM', 'akamai purge delete https://www.example.com/index.html', 'akamai purge --section default delete --cpcode 12345'),
  ...OK('edge.akamai', 'akamai purge invalidate https://www.example.com/app.js', 'akamai install purge'),
  ...A('edge.flags', 'edge.flag-delete', 'HIGH', 'ldcli projects delete --project old-app', 'ldcli environments delete --project web --environment qa'),
  ...A('edge.flags', 'edge.flag-delete', 'MEDIUM', 'ldcli flags delete --project web --flag new-checkout', 'ldcli segments delete --project web --environment prod --segment-key beta'),
  ...OK('edge.flags', 'ldcli flags list --project web', 'ldcli flags get --project web --flag new-checkout', 'ldcli flags toggle-on --project web --flag x --environment test', 'ldcli login'),
  ...A('edge.haproxy', 'edge.lb-drain', 'MEDIUM', 'echo "disable server be_app/web1" | socat stdio /run/haproxy/admin.sock', 'echo "set server be_app/web2 state maint" | socat stdio unix-connect:/var/run/haproxy.sock', 'echo "shutdown sessions server be_app/web1" | nc -U /run/haproxy.sock', 'echo "disable frontend fe_https" | socat - /run/haproxy/admin.sock', 'socat stdio /run/haproxy.sock <<< "del server be_app/web3"', 'echo "clear table st_ratelimit" | socat stdio /run/haproxy.sock'),
  ...OK('edge.haproxy', 'echo "show stat" | socat stdio /run/haproxy/admin.sock', 'echo "show servers state" | socat stdio /run/haproxy.sock', 'echo "enable server be_app/web1" | socat stdio /run/haproxy/admin.sock', 'echo "set server be_app/web2 state ready" | socat stdio /run/haproxy.sock'),
];
