// Every family file of the labelled corpus: one import and one entry per file.
import type { Case } from '../cases.js';
import { CASES as containers } from './containers.js';
import { CASES as exfiltration } from './exfiltration.js';
import { CASES as persistence } from './persistence.js';
import { CASES as paths } from './paths.js';
import { CASES as destroy } from './destroy.js';
import { CASES as saas } from './saas.js';
import { CASES as rest } from './rest.js';
import { CASES as backup } from './backup.js';
import { CASES as datastores } from './datastores.js';
import { CASES as secretsManagers } from './secrets-managers.js';
import { CASES as storage } from './storage.js';
import { CASES as services } from './services.js';
import { CASES as edge } from './edge.js';
import { CASES as gitDiscard } from './git-discard.js';
import { CASES as cloud } from './cloud.js';
import { CASES as publish } from './publish.js';
import { CASES as kubernetes } from './kubernetes.js';
import { CASES as containersOps } from './containers-ops.js';
import { CASES as processes } from './processes.js';
import { CASES as indirect } from './indirect.js';

export const FAMILIES: Record<string, readonly Case[]> = {
  containers,
  exfiltration,
  persistence,
  paths,
  destroy,
  saas,
  rest,
  backup,
  datastores,
  'secrets-managers': secretsManagers,
  storage,
  services,
  edge,
  'git-discard': gitDiscard,
  cloud,
  publish,
  kubernetes,
  'containers-ops': containersOps,
  processes,
  indirect,
};
