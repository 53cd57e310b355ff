// Every family file of the labelled corpus: one import and one entry per file.
import type { Case } from '../cases.js';
import { CASES as paths } from './paths.js';
import { CASES as destroy } from './destroy.js';

export const FAMILIES: Record<string, readonly Case[]> = {
  paths,
  destroy,
};
