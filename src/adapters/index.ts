// The table of agent dialects: the routes, the error handler's fail-closed answers and the docs come from it.
import type { Dialect } from './dialect.js';
import { claudeDialect } from './claude.js';
import { codexDialect } from './codex.js';
import { geminiDialect } from './gemini.js';

export const DIALECTS: Readonly<Record<string, Dialect>> = {
  claude: claudeDialect,
  codex: codexDialect,
  gemini: geminiDialect,
};

export type { Dialect, AgentDecision, DialectContext } from './dialect.js';
