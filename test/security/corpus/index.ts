// Every family file of the labelled corpus: one import and one entry per file.
import type { Case } from '../cases.js';
import { CASES as cloud } from './cloud.js';
import { CASES as publish } from './publish.js';
import { CASES as kubernetes } from './kubernetes.js';
import { CASES as containersOps } from './containers-ops.js';
import { CASES as processes } from './processes.js';

export const FAMILIES: Record<string, readonly Case[]> = {
  cloud,
  publish,
  kubernetes,
  'containers-ops': containersOps,
  processes,
};
