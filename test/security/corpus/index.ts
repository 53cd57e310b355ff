// Every family file of the labelled corpus: one import and one entry per file.
import type { Case } from '../cases.js';
import { CASES as containers } from './containers.js';
import { CASES as exfiltration } from './exfiltration.js';
import { CASES as persistence } from './persistence.js';
import { CASES as paths } from './paths.js';
import { CASES as destroy } from './destroy.js';

export const FAMILIES: Record<string, readonly Case[]> = {
  containers,
  exfiltration,
  persistence,
  paths,
  destroy,
};
