// Every family file of the labelled corpus: one import and one entry per file.
import type { Case } from '../cases.js';

export const FAMILIES: Record<string, readonly Case[]> = {};
